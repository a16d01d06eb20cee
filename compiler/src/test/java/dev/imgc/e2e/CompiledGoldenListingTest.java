package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.cli.Main;
import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.InspectOptions;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.ListingText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * {@code imgc inspect -r} listings of what {@code imgc compile testdata/compile/golden.yml} writes in each
 * format, compared with {@code testdata/inspect/compile/golden.FORMAT.txt} (checked by eye once). Each
 * format is compiled alone into its own directory, and the golden holds every file written there: the
 * listing of each artifact, or the size and sha256 of a file {@code inspect} does not read (the kernel,
 * the cmdline). What comes from the host's bootloader packages is masked ({@link HostBootloaderMask});
 * {@code -Dimgc.golden.update=true} rewrites the goldens.
 */
class CompiledGoldenListingTest {
  private static final Path GOLDEN = GoldenSpec.REPO.resolve("testdata/inspect/compile");
  static final List<String> FORMATS = GoldenSpec.FORMATS;

  @TempDir static Path work;
  private static GoldenSpec spec;

  @BeforeAll
  static void writeImages() throws IOException {
    spec = GoldenSpec.create(work.resolve("images"));
  }

  @ParameterizedTest
  @FieldSource("FORMATS")
  void listingMatchesTheGoldenFile(String format) throws Exception {
    Path out = work.resolve("out-" + format);
    List<String> arguments = new ArrayList<>(spec.compileArguments(work.resolve("store")));
    arguments.addAll(List.of("--format", format, "-o", out.toString()));
    assertEquals(0, Main.run(arguments.toArray(String[]::new)), "imgc compile --format " + format);

    StringBuilder listing = new StringBuilder();
    try (Stream<Path> files = Files.list(out)) {
      files.sorted().forEach(file -> listing.append("## ").append(file.getFileName()).append('\n').append(describe(file)));
    }
    String masked = HostBootloaderMask.apply(listing.toString());
    Path golden = GOLDEN.resolve("golden." + format + ".txt");
    if (Boolean.getBoolean("imgc.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, masked);
    }
    assertEquals(Files.readString(golden), masked, "listing of --format " + format + " differs from " + golden);
  }

  /** The recursive listing of an artifact (`imgc inspect -r`); for a file that is none (the kernel, the cmdline), its size and sha256. */
  private static String describe(Path file) {
    try {
      return ListingText.render(Inspector.inspect(file, InspectOptions.RECURSIVE));
    } catch (InspectException notAnArtifact) {
      try {
        return "size=" + Files.size(file) + " sha256=" + Sha256.of(file) + "\n";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
