package dev.imgc.emit;

import java.io.IOException;
import java.util.List;

/**
 * {@code kernel+initrd}: {@code NAME-kernel}, {@code NAME-initrd.img} (the shared initrd, moved into
 * place) and {@code NAME-cmdline} (the command line without a newline, as LinuxKit writes it).
 */
final class KernelInitrdEmitter implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    List<String> names = Format.KERNEL_INITRD.fileNames(emission.appliance().name());
    emission.stageKernel(names.get(0));
    emission.staging().stage(names.get(1), emission.initrd());
    emission.stageCmdline(names.get(2));
  }
}
