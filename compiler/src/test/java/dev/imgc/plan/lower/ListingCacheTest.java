package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.ImageStore;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.LayerTar;
import dev.imgc.plan.PlanFixtures;
import dev.imgc.plan.PlanJson;
import dev.imgc.plan.TestImages;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lowering with layer listings kept between builds: a warm lowering reads no layer and plans
 * exactly what a cold one does, and a cache that is damaged or cannot be written only costs time.
 */
class ListingCacheTest {
  /** Every kind of kernel (a Debian package, LinuxKit's kernel.tar), shared layers, and a layer that warns. */
  private static final String SPEC = """
      kernel:
        image: test/linuxkit-kernel:6.6
        ucode: ucode.cpio
      init: [test/init:1]
      onboot:
        - name: sysctl
          image: test/sysctl:1
      services:
        - name: web
          image: test/web:1
        - name: web2
          image: test/web:1
        - name: odd
          image: test/odd:1
        - name: modules
          image: test/kernel:1
      """;

  @TempDir static Path dir;
  static ImageStore store;
  static Spec spec;

  @TempDir Path cache;

  @BeforeAll
  static void images() throws IOException {
    store = ImageStore.open(dir.resolve("store"));
    PlanFixtures.web(store);
    PlanFixtures.init(store);
    PlanFixtures.kernel(store);
    PlanFixtures.linuxkitKernel(store);
    PlanFixtures.sysctl(store);
    TestImages.put(store, "docker.io/test/odd:1", new LayerTar()
        .file("../../escape", "outside\n").hardlink("link-out", "../etc/passwd").fifo("run-fifo")
        .dir("dev").device("dev/null", false, 1, 3).file("etc/.wh.a", "").file("opt/x/.wh..wh..opq", "")
        .bytes());
    spec = PlanFixtures.spec(dir, SPEC);
  }

  /** The store's images, counting the blobs lowering opens. */
  private static final class CountingImages implements LoweringImages {
    final LoweringImages images = PlanFixtures.offline(store);
    final List<Descriptor> opened = new ArrayList<>();

    @Override
    public ResolvedImage resolve(String reference) {
      return images.resolve(reference);
    }

    @Override
    public BlobSource blobs() {
      return new BlobSource() {
        @Override
        public InputStream open(Descriptor descriptor) throws IOException {
          opened.add(descriptor);
          return images.blobs().open(descriptor);
        }

        @Override
        public String name() {
          return images.blobs().name();
        }
      };
    }
  }

  private record Lowered(BuildPlan plan, List<Descriptor> opened) {
    String text() {
      return PlanJson.render(plan) + plan.warnings();
    }
  }

  private static Lowered lower(Optional<Path> listings) {
    CountingImages images = new CountingImages();
    BuildPlan plan = Lowering.lower(spec, images, PlanFixtures.CONFIGS,
        new Lowering.Options(SourceDateEpoch.of(1_600_000_000L), Path.of("/nonexistent"), listings));
    return new Lowered(Passes.run(plan, Set.of()), images.opened);
  }

  private List<Path> listingFiles() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.sorted().toList();
    }
  }

  @Test
  void aWarmLoweringReadsNoLayerAndPlansTheSame() throws IOException {
    Lowered uncached = lower(Optional.empty());
    Lowered cold = lower(Optional.of(cache));
    Lowered warm = lower(Optional.of(cache));
    assertEquals(7, cold.opened().size(), "both kernels, init, sysctl, web's two layers, odd: each read once");
    assertEquals(List.of(), warm.opened(), "every listing came from the cache");
    assertEquals(7, listingFiles().size(), "one per layer listed: " + listingFiles());
    assertTrue(warm.plan().warnings().stream().anyMatch(w -> w.message().contains("of docker.io/test/odd:1 holds '../../escape'")),
        warm.plan().warnings().toString());
    assertEquals(uncached.text(), cold.text());
    assertEquals(cold.text(), warm.text());
    assertEquals(cold.plan().digest(), warm.plan().digest());
  }

  @Test
  void aListingExpandedFromATarballIsKeptApartFromTheSameLayerUnexpanded() throws IOException {
    lower(Optional.of(cache));
    Descriptor layer = PlanFixtures.offline(store).resolve(PlanFixtures.LINUXKIT_KERNEL).layers().get(0);
    assertTrue(Files.isRegularFile(ListingCache.file(cache, layer.digest(), Optional.of("kernel.tar"))));
    assertTrue(Files.notExists(ListingCache.file(cache, layer.digest(), Optional.empty())));
    assertTrue(!ListingCache.file(cache, layer.digest(), Optional.of("kernel.tar"))
        .equals(ListingCache.file(cache, layer.digest(), Optional.of("other.tar"))));
  }

  @Test
  void damagedListingsAndThoseOfAnotherVersionAreScannedAgainAndRewritten() throws IOException {
    Lowered cold = lower(Optional.of(cache));
    List<Path> files = listingFiles();
    byte[] whole = Files.readAllBytes(files.get(0));
    Files.write(files.get(0), Arrays.copyOf(whole, whole.length / 2));
    Files.write(files.get(1), new byte[0]);
    byte[] other = Files.readAllBytes(files.get(2));
    other[other.length / 2] ^= 1;
    Files.write(files.get(2), other);
    byte[] newer = Files.readAllBytes(files.get(3));
    ByteBuffer.wrap(newer).putInt(8, ListingFormat.VERSION + 1);
    CRC32 crc = new CRC32();
    crc.update(newer, 0, newer.length - Integer.BYTES);
    ByteBuffer.wrap(newer).putInt(newer.length - Integer.BYTES, (int) crc.getValue());
    Files.write(files.get(3), newer);
    Lowered repaired = lower(Optional.of(cache));
    assertEquals(4, repaired.opened().size(), "the layers of the three damaged listings and the newer one were read again");
    assertEquals(cold.text(), repaired.text());
    assertEquals(List.of(), lower(Optional.of(cache)).opened(), "and their listings written again");
    assertEquals(files, listingFiles(), "no temporary file is left behind");
  }

  @Test
  void aCacheThatCannotBeWrittenOnlyMeansEveryLayerIsRead() throws IOException {
    Path notADirectory = cache.resolve("file");
    Files.writeString(notADirectory, "in the way\n");
    Lowered first = lower(Optional.of(notADirectory.resolve("listings")));
    Lowered second = lower(Optional.of(notADirectory.resolve("listings")));
    assertEquals(first.opened().size(), second.opened().size());
    assertEquals(lower(Optional.empty()).text(), second.text());
  }

  @Test
  void concurrentLoweringsShareTheCache() throws Exception {
    List<Thread> threads = new ArrayList<>();
    List<String> texts = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 4; i++) {
      threads.add(new Thread(() -> texts.add(lower(Optional.of(cache)).text())));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(4, texts.size());
    assertEquals(1, Set.copyOf(texts).size());
    assertEquals(List.of(), lower(Optional.of(cache)).opened());
    assertTrue(listingFiles().stream().noneMatch(p -> p.getFileName().toString().startsWith(".")),
        "no temporary file left");
  }
}
