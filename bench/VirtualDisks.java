import dev.imgc.fs.vdisk.Qcow2Writer;
import dev.imgc.fs.vdisk.RawDisk;
import dev.imgc.fs.vdisk.SparseOutput;
import dev.imgc.fs.vdisk.VhdWriter;
import dev.imgc.fs.vdisk.VirtualDiskWriter;
import dev.imgc.fs.vdisk.VmdkWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Benchmark driver: writes the raw disk RAW as the container FORMAT (qcow2, qcow2-compressed,
 * vhd, dynamic-vhd, vmdk) into OUT, as imgc compile does.
 * Usage: java -cp imgc.jar:classes VirtualDisks RAW OUT FORMAT
 */
public class VirtualDisks {
  public static void main(String[] args) throws IOException {
    VirtualDiskWriter writer = switch (args[2]) {
      case "qcow2" -> new Qcow2Writer(false);
      case "qcow2-compressed" -> new Qcow2Writer(true);
      case "vhd" -> new VhdWriter(VhdWriter.Kind.FIXED, new UUID(1, 1), 0);
      case "dynamic-vhd" -> new VhdWriter(VhdWriter.Kind.DYNAMIC, new UUID(1, 1), 0);
      case "vmdk" -> new VmdkWriter(Path.of(args[1]).getFileName().toString(), 1);
      default -> throw new IllegalArgumentException("no container " + args[2]);
    };
    try (SparseOutput out = new SparseOutput(FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE))) {
      writer.write(RawDisk.of(Path.of(args[0])), out);
    }
  }
}
