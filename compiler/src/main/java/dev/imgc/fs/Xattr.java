package dev.imgc.fs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One extended attribute of an {@link Entry}: its full name, namespace included ({@code user.comment},
 * {@code security.capability}, {@code trusted.overlay.opaque}), and its value as raw bytes. Every
 * filesystem stores the namespace as a small number and the rest of the name as bytes, so a writer
 * asks {@link #namespace} and {@link #suffix} and maps the namespace to its own number.
 */
public record Xattr(String name, byte[] value) {
  /** The longest name Linux accepts ({@code XATTR_NAME_MAX}), in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;
  /** The longest value Linux accepts ({@code XATTR_SIZE_MAX}). */
  public static final int MAX_VALUE_BYTES = 65536;

  /** The namespaces Linux knows; each writer stores those its filesystem has and refuses the others. */
  public enum Namespace {
    /** Both POSIX ACLs come before {@link #SYSTEM}, whose prefix they share: the first that matches wins. */
    POSIX_ACL_ACCESS("system.posix_acl_access"),
    POSIX_ACL_DEFAULT("system.posix_acl_default"),
    USER("user."),
    TRUSTED("trusted."),
    SECURITY("security."),
    SYSTEM("system.");

    private final String prefix;

    Namespace(String prefix) {
      this.prefix = prefix;
    }

    /** What names of this namespace start with; for the ACLs, the whole name. */
    public String prefix() {
      return prefix;
    }
  }

  public Xattr {
    problem(name, value.length).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    value = value.clone();
  }

  /**
   * Why Linux would refuse an attribute of this name and value length, or empty when it would not: a
   * name outside the namespaces, or a name or value longer than Linux allows.
   */
  public static Optional<String> problem(String name, int valueLength) {
    int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (nameBytes > MAX_NAME_BYTES) {
      return Optional.of("the extended attribute name " + name + " is " + nameBytes + " bytes long; Linux allows "
          + MAX_NAME_BYTES);
    }
    if (valueLength > MAX_VALUE_BYTES) {
      return Optional.of("the extended attribute " + name + " holds " + valueLength + " bytes; Linux allows "
          + MAX_VALUE_BYTES);
    }
    if (Arrays.stream(Namespace.values()).noneMatch(n -> matches(name, n))) {
      return Optional.of("the extended attribute name " + name
          + " has no namespace Linux knows (user., trusted., security., system.)");
    }
    return Optional.empty();
  }

  /** An attribute whose value is {@code text} in UTF-8. */
  public static Xattr text(String name, String text) {
    return new Xattr(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The attributes of {@code read} (as an archive gave them, by name) that Linux keeps: those it
   * would refuse ({@link #problem}) are left out, as extracting the archive on Linux would lose them.
   */
  public static List<Xattr> linuxKeeps(Map<String, XattrValue> read) {
    return read.entrySet().stream()
        .filter(x -> problem(x.getKey(), x.getValue().length()).isEmpty())
        .map(x -> new Xattr(x.getKey(), x.getValue().bytes())).toList();
  }

  /** A copy of the value: the record stays immutable. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  public int valueLength() {
    return value.length;
  }

  public Namespace namespace() {
    return Arrays.stream(Namespace.values()).filter(n -> matches(name, n)).findFirst().orElseThrow();
  }

  /** The name without its namespace's prefix, as UTF-8 bytes: empty for a POSIX ACL. */
  public byte[] suffix() {
    return name.substring(namespace().prefix().length()).getBytes(StandardCharsets.UTF_8);
  }

  private static boolean matches(String name, Namespace namespace) {
    String prefix = namespace.prefix();
    return prefix.endsWith(".") ? name.startsWith(prefix) && name.length() > prefix.length() : name.equals(prefix);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Xattr x && name.equals(x.name) && Arrays.equals(value, x.value);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return name + "=0x" + HexFormat.of().formatHex(value);
  }
}
