package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootAssets;
import dev.imgc.fs.part.DiskLayout;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import java.io.IOException;
import java.util.List;

/** {@code raw-efi}: {@code NAME-efi.img}, a GPT disk whose one partition is the {@link SystemdBootEsp}. */
final class RawEfiEmitter implements FormatEmitter {
  @Override
  public void check(BootAssets assets) {
    assets.locate(BootAsset.SYSTEMD_BOOT_X64);
  }

  @Override
  public void emit(Build build) throws IOException {
    Identity ids = build.identity();
    GptDisk disk = new GptDisk(ids.guid("raw-efi disk"), List.of(new GptDisk.Partition(Guids.EFI_SYSTEM,
        ids.guid("raw-efi esp partition"), "EFI System", SystemdBootEsp.layout(build, "raw-efi", DiskLayout.FIRST_LBA))));
    Build.writeImage(disk, build.staging().output(Format.RAW_EFI.fileNames(build.appliance().name()).get(0)));
  }
}
