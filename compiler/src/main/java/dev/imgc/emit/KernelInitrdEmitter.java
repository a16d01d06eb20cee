package dev.imgc.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * {@code kernel+initrd}: {@code NAME-kernel}, {@code NAME-initrd.img} (the shared initrd, moved into
 * place) and {@code NAME-cmdline} (the command line without a newline, as LinuxKit writes it).
 */
final class KernelInitrdEmitter implements FormatEmitter {
  @Override
  public void emit(Build build) throws IOException {
    List<String> names = Format.KERNEL_INITRD.fileNames(build.appliance().name());
    Build.copy("the kernel", build.appliance().kernel(), build.staging().output(names.get(0)));
    build.staging().stage(names.get(1), build.initrd());
    Files.writeString(build.staging().output(names.get(2)), build.appliance().cmdline(), StandardCharsets.UTF_8);
  }
}
