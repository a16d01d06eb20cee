package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The platform an image runs on: {@code linux/amd64}, {@code linux/arm64/v8}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Platform(
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant) {

  public static final Platform DEFAULT = new Platform("amd64", "linux", null);

  /**
   * The machine imgc runs on, named as OCI names platforms (Go's GOARCH): the image a user here would
   * boot without emulation. The OS is always Linux: appliances are, whatever the host builds them on.
   */
  public static Platform host() {
    return ofJavaArchitecture(System.getProperty("os.arch"));
  }

  /** Linux with the architecture Java names {@code os.arch}, in OCI's words. */
  static Platform ofJavaArchitecture(String javaArchitecture) {
    String architecture = switch (javaArchitecture) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      case "x86", "i386", "i486", "i586", "i686" -> "386";
      case "loongarch64" -> "loong64";
      case "mips64el" -> "mips64le";
      case "mipsel" -> "mipsle";
      default -> javaArchitecture; // arm, ppc64le, s390x, riscv64: Java and OCI agree
    };
    return new Platform(architecture, "linux", null);
  }

  /** Parses {@code OS/ARCH[/VARIANT]}, as {@code --platform} takes it. */
  public static Platform parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length < 2 || parts.length > 3 || java.util.Arrays.stream(parts).anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a platform is written OS/ARCH[/VARIANT], e.g. linux/arm64/v8, not '" + text + "'");
    }
    return new Platform(parts[1], parts[0], parts.length == 3 ? parts[2] : null);
  }

  /** Whether an index entry for {@code other} serves this platform (a missing variant matches any). */
  public boolean matches(Platform other) {
    return other != null
        && os.equals(other.os)
        && architecture.equals(other.architecture)
        && (variant == null || variant.equals(other.variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
