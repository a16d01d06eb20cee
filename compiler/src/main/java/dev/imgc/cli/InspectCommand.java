package dev.imgc.cli;

import dev.imgc.inspect.InspectException;
import dev.imgc.inspect.Inspector;
import dev.imgc.inspect.Listing;
import dev.imgc.inspect.ListingJson;
import dev.imgc.inspect.ListingText;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgc inspect FILE}: what an artifact holds, one line per entry, sorted, for diffs and golden tests. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = {
    "List what an artifact holds, sorted, the same way every time.",
    "The entries of an initrd, a tar, an OCI archive's layers, an ISO or a FAT image; a disk's "
        + "partitions and their files; an ISO's El Torito catalog; a UKI's sections.",
    "An entry is: path type mode uid:gid size sha256 [-> target]."})
final class InspectCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "The artifact; its format is recognised by its bytes.")
  Path file;

  @Option(names = "--json", description = "Print the listing as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Listing listing;
    try {
      listing = Inspector.inspect(file);
    } catch (InspectException e) {
      System.err.println("imgc: error: " + e.getMessage());
      return 1;
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(json ? ListingJson.render(listing) : ListingText.render(listing));
    out.flush();
    return 0;
  }
}
