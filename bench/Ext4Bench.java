import dev.imgc.fs.Entry;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.ext4.Ext4Image;
import dev.imgc.fs.ext4.Ext4Options;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark driver: writes the tree under DIR (its children, as {@code mke2fs -d DIR} copies them) as
 * an ext4 image OUT of SIZE bytes (0: sized from the contents), holes on or off.
 * Usage: java -cp imgc.jar:classes Ext4Bench DIR OUT SIZE HOLES
 */
public class Ext4Bench {
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    List<String> children;
    try (var list = Files.list(dir)) {
      children = list.map(p -> p.getFileName().toString()).sorted().toList();
    }
    List<Entry> entries = HostTree.entries(dir, children);
    long start = System.nanoTime();
    Ext4Options options = Ext4Options.of(new UUID(1, 2), new UUID(3, 4), 1_700_000_000L)
        .withSize(Long.parseLong(args[2])).withHoles(Boolean.parseBoolean(args[3]));
    Ext4Image image = Ext4Image.layout(entries, options);
    try (ImageSink sink = new ImageSink(FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE))) {
      image.writeTo(sink);
      sink.finish(image.size());
    }
    System.err.printf("%d entries, %,d bytes, %.2f s in the writer%n", entries.size(), image.size(),
        (System.nanoTime() - start) / 1e9);
  }
}
