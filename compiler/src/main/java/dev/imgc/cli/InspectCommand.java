package dev.imgc.cli;

import dev.imgc.inspect.Captures;
import dev.imgc.inspect.Columns;
import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.InspectOptions;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.Listing;
import dev.imgc.inspect.ListingJson;
import dev.imgc.inspect.ListingText;
import dev.imgc.inspect.LocatedFile;
import dev.imgc.inspect.SafeText;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc inspect FILE}: what an artifact holds, one line per entry, sorted, for diffs and golden tests. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = {
    "List what an artifact holds, sorted, the same way every time.",
    "The entries of an initrd, a tar, an OCI archive's layers, an ISO or a FAT image; a disk's "
        + "partitions and their files; an ISO's El Torito catalog; a UKI's sections. With --recursive, "
        + "also what the files hold: an ISO's initrd, its EFI image and the initrd in that, a UKI's .initrd, "
        + "each entry at LOCATION!/PATH (boot/initrd.img!/etc/motd).",
    "An entry is: path type mode uid:gid size sha256 [mtime=S] [xattrs=N=HEX,...] [-> target]."})
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The artifact; its format is recognised by its bytes.")
  Path file;

  @Option(names = {"-r", "--recursive"}, description = "Also list the artifacts held in the artifact, at any depth up to 8.")
  boolean recursive;

  @Option(names = "--json", description = "Print the listing as JSON (version 1; schema/listing.schema.json).")
  boolean json;

  @Option(names = "--mtime", description = "Show each entry's modification time, in seconds since 1970, where the format keeps one.")
  boolean mtime;

  @Option(names = "--xattrs", description = "Show each entry's extended attributes (name=hex), where the format keeps them.")
  boolean xattrs;

  @Option(names = "--cat", paramLabel = "LOCATION", description = "Print the content of the file at LOCATION instead "
      + "of the listing: a path as the recursive listing shows it, such as boot/initrd.img!/etc/motd.")
  String cat;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try {
      if (cat != null) {
        return cat(out);
      }
      Listing listing = Inspector.inspect(file, recursive ? InspectOptions.RECURSIVE : InspectOptions.SHALLOW);
      Columns columns = new Columns(mtime, xattrs);
      out.print(json ? ListingJson.render(listing, columns) : ListingText.render(listing, columns));
      out.flush();
      return 0;
    } catch (InspectException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("imgc: error: cannot print " + cat + ": " + e.getMessage());
      return 1;
    }
  }

  /** The file's content goes to a temporary file as the artifact is read, and out once it is known to be whole. */
  private int cat(PrintStream out) throws InspectException, IOException {
    TemporaryFiles temporaries = TemporaryFiles.inSystemTemporaryDirectory();
    Path copy = temporaries.createFile("cat-", "");
    try {
      Listing listing;
      try (OutputStream sink = Files.newOutputStream(copy)) {
        listing = Inspector.inspect(file, InspectOptions.SHALLOW.withCaptures(Captures.into(Map.of(cat, sink))));
      }
      try {
        LocatedFile.check(listing, cat, Files.size(copy));
      } catch (InspectException e) {
        throw new InspectException(SafeText.escape(file.toString()) + " " + e.getMessage(), e);
      }
      Files.copy(copy, out);
      out.flush();
      return 0;
    } finally {
      temporaries.delete(copy);
    }
  }
}
