package dev.imgc.image.deb;

import dev.imgc.image.MemoFile;
import dev.imgc.image.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The dependency closures apt resolved, remembered across runs: resolving one takes a few
 * {@code apt-cache} calls of over half a second each, and gives the same answer while apt's state
 * ({@link AptState#fingerprint()}) is the same. One file per list of requested names holds the
 * closure and the fingerprint it was resolved under; a closure of another fingerprint is resolved
 * again and replaces it.
 */
final class ClosureMemo {
  /** Its version goes up whenever {@link AptPackages}' rules for a closure change, which forgets every closure. */
  private static final String HEADER = "imgc apt-closure 1";
  private final Path directory;

  ClosureMemo(Path directory) {
    this.directory = directory;
  }

  /** The closure of {@code names} remembered under {@code fingerprint}, if there is one. */
  Optional<List<ResolvedPackage>> recall(List<String> names, String fingerprint) {
    List<String> records = MemoFile.read(file(names), HEADER).orElse(List.of());
    if (records.size() < 3 || !records.get(0).equals("names " + String.join(" ", names))
        || !records.get(1).equals("state " + fingerprint)) {
      return Optional.empty();
    }
    List<ResolvedPackage> closure = new ArrayList<>();
    for (String record : records.subList(2, records.size())) {
      // apt's package names, versions and file names have no spaces, so a record is five words
      String[] fields = record.split(" ");
      if (fields.length != 5 || !fields[0].equals("package") || !fields[4].matches("[0-9a-f]{64}")) {
        return Optional.empty();
      }
      try {
        closure.add(new ResolvedPackage(fields[1], fields[2], fields[3], fields[4]));
      } catch (IllegalArgumentException e) { // a file name that is not one: a damaged memo
        return Optional.empty();
      }
    }
    return Optional.of(List.copyOf(closure));
  }

  /** Remembers {@code closure} as the closure of {@code names} under {@code fingerprint}. */
  void remember(List<String> names, String fingerprint, List<ResolvedPackage> closure) {
    List<String> records = new ArrayList<>(List.of("names " + String.join(" ", names), "state " + fingerprint));
    closure.forEach(p -> records.add(String.join(" ", "package", p.name(), p.version(), p.fileName(), p.sha256())));
    MemoFile.write(file(names), HEADER, records);
  }

  private Path file(List<String> names) {
    return directory.resolve(Digest.of(String.join("\n", names).getBytes(StandardCharsets.UTF_8)).hex());
  }
}
