import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.cpio.CpioWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Benchmark driver: writes the trees under ROOT named by PATH… as a cpio initrd compressed with
 * COMPRESSION into OUT, the same file set `find PATH… | sort | cpio -o -H newc` archives.
 * Usage: java -cp imgc.jar bench/InitrdCompression.java ROOT OUT COMPRESSION PATH…
 */
public class InitrdCompression {
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    Compression compression = Compression.named(args[2]);
    List<Entry> entries = HostTree.entries(root, List.of(args).subList(3, args.length));
    long start = System.nanoTime();
    try (OutputStream file = compression.wrap(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16))) {
      CpioWriter.write(entries, file);
    }
    System.err.printf("%d entries, %,d bytes, %.2f s in the writer%n", entries.size(), Files.size(out),
        (System.nanoTime() - start) / 1e9);
  }
}
