package dev.imgc.emit;

import dev.imgc.fs.iso.IsoImage;
import dev.imgc.fs.iso.IsoOptions;
import java.io.IOException;
import java.util.List;

/**
 * {@code kernel+iso}: {@code NAME-kernel}, {@code NAME.iso} (the root filesystem as ISO 9660 with Rock
 * Ridge, which keeps modes, owners, links and devices) and {@code NAME-cmdline}, as LinuxKit writes
 * them; there is no initrd. The kernel mounts the ISO as its root ({@code root=/dev/sr0} on the
 * command line), so it needs ISO 9660, the CD-ROM driver and the disk controller's driver built in:
 * LinuxKit's kernels have them, Debian's build them as modules and cannot boot it.
 */
final class KernelIsoEmitter implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    List<String> names = Format.KERNEL_ISO.fileNames(emission.appliance().name());
    emission.stageKernel(names.get(0));
    IsoImage iso = IsoImage.layout(emission.appliance().rootfs(),
        IsoOptions.plain(emission.identity().isoVolumeId(), emission.time()));
    Emission.writeImage(iso, emission.staging().output(names.get(1)));
    emission.stageCmdline(names.get(2));
  }
}
