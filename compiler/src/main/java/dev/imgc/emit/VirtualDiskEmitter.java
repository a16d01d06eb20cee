package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.vdisk.RawDisk;
import dev.imgc.fs.vdisk.SparseOutput;
import dev.imgc.fs.vdisk.VirtualDiskWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A format that holds a boot disk in a hypervisor's container ({@code qcow2-bios}, {@code qcow2-efi},
 * {@code vhd}, {@code dynamic-vhd}, {@code vmdk}): the raw disk is laid out once and the container
 * written from it, so every container of one emit holds the same disk.
 *
 * @param writer the container's writer, for the emission and the container's file name
 */
record VirtualDiskEmitter(Format format, BootDisk disk, BiFunction<Emission, String, VirtualDiskWriter> writer)
    implements FormatEmitter {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) throws IOException {
    return disk.hostFiles(assets, architecture);
  }

  @Override
  public void emit(Emission emission) throws IOException {
    RawDisk raw = RawDisk.of(emission.disk(disk));
    String fileName = format.fileNames(emission.appliance().name()).get(0);
    try (SparseOutput out = new SparseOutput(FileChannel.open(emission.output(format), StandardOpenOption.WRITE))) {
      writer.apply(emission, fileName).write(raw, out);
    }
  }

  @Override
  public boolean holdsBootDisk() {
    return true;
  }
}
