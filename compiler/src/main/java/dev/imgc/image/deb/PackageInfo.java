package dev.imgc.image.deb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of one package's record in apt's cache (the candidate version) that imgc uses.
 *
 * @param fileName the base name of the {@code .deb} in the archive's pool, also its name in imgc's cache
 */
record PackageInfo(String name, String version, String architecture, String fileName, String sha256, boolean essential,
    String priority) {

  /** Whether a minimal Debian system always has the package, so an image that needs it has it already or never will. */
  boolean isBase() {
    return essential || "required".equals(priority);
  }

  /** What fetching the package needs of it. */
  ResolvedPackage resolved() {
    return new ResolvedPackage(name, version, fileName, sha256);
  }

  /** Parses the first record {@code apt-cache show --no-all-versions} printed; empty if there is none. */
  static Optional<PackageInfo> parse(String showOutput) {
    Map<String, String> fields = new LinkedHashMap<>();
    String key = null;
    for (String line : showOutput.split("\n", -1)) {
      if (line.isEmpty()) {
        if (!fields.isEmpty()) {
          break;
        }
        continue;
      }
      if (line.startsWith(" ")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        key = line.substring(0, colon);
        fields.putIfAbsent(key, line.substring(colon + 1).trim());
      }
    }
    if (!fields.containsKey("Package") || !fields.containsKey("Filename")) {
      return Optional.empty();
    }
    String filename = fields.get("Filename");
    return Optional.of(new PackageInfo(
        fields.get("Package"),
        fields.get("Version"),
        fields.getOrDefault("Architecture", "all"),
        filename.substring(filename.lastIndexOf('/') + 1),
        fields.getOrDefault("SHA256", ""),
        "yes".equals(fields.get("Essential")),
        fields.getOrDefault("Priority", "optional")));
  }
}
