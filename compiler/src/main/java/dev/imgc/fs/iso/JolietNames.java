package dev.imgc.fs.iso;

import dev.imgc.fs.block.LayoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Joliet identifiers: the real name in UCS-2 big-endian, up to 64 characters (";1" included for a
 * file), characters Joliet forbids and those outside UCS-2 replaced by '_', unique in the directory
 * by a numeric tail when shortening made two names equal. Windows reads these.
 */
final class JolietNames implements DirectoryNames {
  private static final int MAX = 64;
  private static final String FORBIDDEN = "*/:;?\\";

  private final Set<String> taken = new HashSet<>();

  @Override
  public byte[] assign(String name, boolean directory, String path) {
    StringBuilder clean = new StringBuilder();
    name.chars().forEach(c -> clean.append(c < 0x20 || FORBIDDEN.indexOf(c) >= 0 || Character.isSurrogate((char) c) ? '_' : (char) c));
    String suffix = directory ? "" : ";1";
    for (int n = 0; n < 1_000_000; n++) {
      String tail = n == 0 ? "" : "~" + n;
      int room = MAX - suffix.length() - tail.length();
      String id = clean.substring(0, Math.min(clean.length(), room)) + tail + suffix;
      if (taken.add(id)) {
        return id.getBytes(StandardCharsets.UTF_16BE);
      }
    }
    throw new LayoutException("too many similar names in the directory of '" + path + "' for Joliet names");
  }
}
