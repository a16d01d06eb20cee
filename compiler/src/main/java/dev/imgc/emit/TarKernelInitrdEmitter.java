package dev.imgc.emit;

import dev.imgc.fs.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;

/**
 * {@code tar-kernel-initrd}: {@code NAME-initrd.tar}, LinuxKit's layout: {@code kernel},
 * {@code initrd.img} and {@code cmdline} at the top of one tar. The initrd is the shared one, so it
 * starts with the microcode cpio when there is one (LinuxKit adds that as a fourth file).
 */
final class TarKernelInitrdEmitter implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    BootTree tree = new BootTree(emission.time())
        .file(Emission.KERNEL_PATH, emission.appliance().bootKernel())
        .file(Emission.INITRD_PATH, emission.initrdBytes())
        .text("cmdline", emission.appliance().cmdline());
    try (OutputStream out = Files.newOutputStream(emission.output(Format.TAR_KERNEL_INITRD))) {
      TarWriter.write(tree.entries(), out);
    }
  }
}
