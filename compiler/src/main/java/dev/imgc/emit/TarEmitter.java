package dev.imgc.emit;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code tar}: the root filesystem as a pax tar, {@code NAME.tar}; with a kernel, LinuxKit's {@code
 * boot/kernel}, {@code boot/cmdline} and (when there is microcode) {@code boot/ucode.cpio} beside
 * it, in place of what the root had at those paths.
 */
final class TarEmitter implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    try (OutputStream out = Files.newOutputStream(emission.output(Format.TAR))) {
      TarWriter.write(entries(emission.appliance()), out);
    }
  }

  static List<Entry> entries(Appliance appliance) {
    if (appliance.kernel().isEmpty()) {
      return appliance.rootfs();
    }
    Metadata file = new Metadata(0644, 0, 0, appliance.sourceDateEpoch());
    List<Entry> boot = new ArrayList<>();
    boot.add(new Entry.RegularFile("boot/kernel", file, appliance.bootKernel().size(), appliance.bootKernel().content()));
    byte[] cmdline = appliance.cmdline().getBytes(StandardCharsets.UTF_8);
    boot.add(new Entry.RegularFile("boot/cmdline", file, cmdline.length, () -> new ByteArrayInputStream(cmdline)));
    appliance.ucode().ifPresent(ucode -> boot.add(new Entry.RegularFile("boot/ucode.cpio", file, ucode.size(), ucode.content())));
    Set<String> replaced = Set.of("boot/kernel", "boot/cmdline", "boot/ucode.cpio");
    List<Entry> entries = new ArrayList<>();
    boolean bootDirectory = false;
    for (Entry entry : appliance.rootfs()) {
      bootDirectory |= entry.path().equals("boot");
      if (!replaced.contains(entry.path())) {
        entries.add(entry);
      }
    }
    if (!bootDirectory) {
      entries.add(new Entry.Directory("boot", new Metadata(0755, 0, 0, appliance.sourceDateEpoch())));
    }
    entries.addAll(boot);
    return entries;
  }
}
