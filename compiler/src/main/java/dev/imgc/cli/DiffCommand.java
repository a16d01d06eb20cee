package dev.imgc.cli;

import dev.imgc.inspect.Columns;
import dev.imgc.inspect.ContentDiff;
import dev.imgc.inspect.DiffJson;
import dev.imgc.inspect.DiffText;
import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.InspectOptions;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.Listing;
import dev.imgc.inspect.ListingDiff;
import dev.imgc.inspect.ListingJson;
import dev.imgc.inspect.ListingParser;
import dev.imgc.inspect.ListingText;
import dev.imgc.inspect.SafeText;
import dev.imgc.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code imgc diff A B}: what differs between two artifacts, or an artifact and a saved listing (a
 * golden file). Exit status 0 when they are the same, 1 when they differ, 2 on an error.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, description = {
    "Show what differs between two artifacts, or an artifact and a saved listing (a golden file): entries "
        + "added (+), removed (-) and changed (~, with the fields that changed), and parts whose facts differ.",
    "A and B are each an artifact or a listing saved by `imgc inspect -r` (text or --json). Artifacts are "
        + "listed recursively, as `imgc inspect -r` lists them.",
    "Exit status: 0 the same, 1 different, 2 an error (a file that cannot be read)."})
final class DiffCommand implements Callable<Integer> {
  private static final int SAME = 0;
  private static final int DIFFERENT = 1;
  private static final int ERROR = 2;
  /** Enough to tell a listing from an artifact: archives and images hold NUL bytes in their first block. */
  private static final int HEAD = 4096;

  enum Format { TEXT, JSON }

  @Parameters(index = "0", paramLabel = "A", description = "The artifact or listing to compare with (a golden file).")
  Path before;

  @Parameters(index = "1", paramLabel = "B", description = "The artifact or listing compared.")
  Path after;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (the default) or json.")
  Format format = Format.TEXT;

  @Option(names = "--ignore", paramLabel = "FIELD", description = "A field not to compare, such as mtime or uid; "
      + "rows leaves out the parts' facts. Repeatable.")
  List<String> ignoredFields = List.of();

  @Option(names = "--ignore-path", paramLabel = "GLOB", description = "Locations not to compare, as a glob "
      + "(* within a name, ** across names), such as 'isolinux/*' or '**/ldlinux.c32'. Repeatable.")
  List<String> ignoredPaths = List.of();

  @Option(names = "--update", description = "Rewrite A, a saved listing, with B's listing (text, or JSON when A is "
      + "JSON), keeping A's columns; A is made when missing. The differences are printed first; exit status 0.")
  boolean update;

  @Option(names = "--content", paramLabel = "PATH", description = "Show a unified diff of what the changed text file "
      + "PATH (up to 1 MiB) holds, such as 'boot/efi.img!/initrd.img!/etc/motd'; a glob as --ignore-path takes, '**' for every "
      + "changed text file. A and B must both be artifacts. Repeatable.")
  List<String> contentPaths = List.of();

  @Option(names = "--recursive", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "List what artifacts hold (the default); --no-recursive compares their own parts only.")
  boolean recursive;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try {
      ListingDiff.Ignored ignored = new ListingDiff.Ignored(Set.copyOf(ignoredFields), ignoredPaths);
      Side a = update && !Files.exists(before) ? Side.MISSING : read(before);
      Side b = read(after);
      ListingDiff diff = ListingDiff.of(a.listing(), b.listing(), ignored);
      List<ContentDiff> contents = List.of();
      if (!contentPaths.isEmpty()) {
        if (a.saved() || b.saved()) {
          throw new InspectException("--content compares what files hold, which a saved listing does not keep:"
              + " give two artifacts");
        }
        contents = ContentDiff.of(diff, contentPaths, before, after, options());
      }
      out.print(format == Format.JSON ? DiffJson.render(diff, contents) : DiffText.render(diff, contents));
      out.flush();
      if (update) {
        rewrite(a, b);
        return SAME;
      }
      return diff.isEmpty() ? SAME : DIFFERENT;
    } catch (InspectException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return ERROR;
    } catch (IllegalArgumentException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return ERROR;
    } catch (IOException e) {
      System.err.println("imgc: error: cannot update " + SafeText.escape(before.toString()) + ": " + e.getMessage());
      return ERROR;
    }
  }

  /** One side: its listing, and whether it was a saved listing (and then which form). */
  private record Side(Listing listing, boolean saved, boolean json) {
    static final Side MISSING = new Side(new Listing(List.of()), true, false);
  }

  private InspectOptions options() {
    return recursive ? InspectOptions.RECURSIVE : InspectOptions.SHALLOW;
  }

  private Side read(Path file) throws InspectException {
    String name = SafeText.escape(file.toString());
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD);
    } catch (NoSuchFileException e) {
      throw new InspectException(name + " does not exist");
    } catch (IOException e) {
      return new Side(Inspector.inspect(file, options()), false, false); // says why it cannot be read
    }
    if (!ListingParser.looksLikeListing(head)) {
      return new Side(Inspector.inspect(file, options()), false, false);
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return new Side(ListingParser.parse(text), true, text.stripLeading().startsWith("{"));
    } catch (InspectException e) {
      throw new InspectException(name + " " + e.getMessage(), e);
    } catch (IOException e) {
      throw new InspectException(name + " is not a listing imgc reads: it is not UTF-8 text", e);
    }
  }

  /** Writes B's listing over A, in A's form and columns, through a temporary file renamed into place. */
  private void rewrite(Side a, Side b) throws InspectException, IOException {
    if (!a.saved()) {
      throw new InspectException(SafeText.escape(before.toString()) + " is an artifact, not a saved listing:"
          + " --update rewrites a listing (a golden file)");
    }
    boolean json = a == Side.MISSING ? before.getFileName().toString().endsWith(".json") : a.json();
    // a listing read back has exactly the columns it was written with; an artifact's listing has every column
    Side shape = a == Side.MISSING ? b : a;
    Columns columns = shape.saved() ? Columns.of(shape.listing()) : Columns.DEFAULT;
    String text = json ? ListingJson.render(b.listing(), columns) : ListingText.render(b.listing(), columns);
    AtomicFiles.replace(before, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }
}
