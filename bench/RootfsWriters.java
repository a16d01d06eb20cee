import dev.imgc.fs.Entry;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.fs.erofs.ErofsWriter;
import dev.imgc.fs.squashfs.SquashfsWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark driver: writes the trees under ROOT named by PATH… as a squashfs image compressed with
 * COMPRESSION into OUT, the same file set `mksquashfs ROOT/PATH… OUT` takes; or, for COMPRESSION
 * `erofs`, as an uncompressed erofs image, as `mkfs.erofs OUT ROOT` writes it when ROOT holds only PATH…,
 * and for `erofs-lz4` lz4-compressed, as `mkfs.erofs -zlz4 OUT ROOT` does.
 * Usage: java -cp imgc.jar:classes RootfsWriters ROOT OUT COMPRESSION|erofs|erofs-lz4 PATH…
 */
public class RootfsWriters {
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Entry> entries = HostTree.entries(root, Arrays.asList(args).subList(3, args.length));
    long start = System.nanoTime();
    Files.deleteIfExists(out);
    try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      if (args[2].startsWith("erofs")) {
        ErofsWriter.write(entries, ErofsWriter.Options.of(0, new UUID(0, 0))
            .withCompression(args[2].equals("erofs-lz4") ? ErofsCompression.LZ4 : ErofsCompression.NONE), channel);
      } else {
        SquashfsWriter.write(entries, SquashfsWriter.Options.of(Compression.named(args[2]), 0), channel);
      }
    }
    System.err.printf("%d entries, %,d bytes, %.2f s in the writer%n", entries.size(), Files.size(out),
        (System.nanoTime() - start) / 1e9);
  }
}
