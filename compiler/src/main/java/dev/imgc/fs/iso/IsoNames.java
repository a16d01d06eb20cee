package dev.imgc.fs.iso;

import dev.imgc.fs.block.LayoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Gives each name of one directory its ISO 9660 identifier: upper-case d-characters (A-Z, 0-9, _),
 * up to 30 characters plus ";1" for a file, 31 for a directory, unique in the directory by a numeric
 * tail when needed. Readers with Rock Ridge use the real name from NM; these are for the others
 * (and for isolinux, which matches them without regard to case).
 */
final class IsoNames implements DirectoryNames {
  private static final int FILE_MAX = 30;
  private static final int DIRECTORY_MAX = 31;

  private final Set<String> taken = new HashSet<>();

  @Override
  public byte[] assign(String name, boolean directory, String path) {
    String upper = name.toUpperCase(Locale.ROOT);
    int dot = directory ? -1 : upper.lastIndexOf('.');
    String base = clean(dot <= 0 ? upper : upper.substring(0, dot));
    String ext = dot <= 0 ? "" : clean(upper.substring(dot + 1));
    ext = ext.substring(0, Math.min(ext.length(), 8));
    int max = (directory ? DIRECTORY_MAX : FILE_MAX) - ext.length();
    for (int n = 0; n < 1_000_000; n++) {
      String tail = n == 0 ? "" : "~" + n;
      String candidate = base.substring(0, Math.min(base.length(), max - tail.length())) + tail;
      String id = directory ? candidate : candidate + "." + ext + ";1";
      if (taken.add(id)) {
        return id.getBytes(StandardCharsets.US_ASCII);
      }
    }
    throw new LayoutException("too many similar names in the directory of '" + path + "' for ISO 9660 names");
  }

  private static String clean(String part) {
    StringBuilder out = new StringBuilder();
    part.chars().forEach(c -> out.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? (char) c : '_'));
    return out.toString();
  }
}
