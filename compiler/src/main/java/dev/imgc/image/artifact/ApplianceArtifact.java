package dev.imgc.image.artifact;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import java.nio.charset.StandardCharsets;

/**
 * How imgc keeps an appliance's output files in a registry: an OCI 1.1 artifact, an image manifest
 * whose {@code artifactType} is {@value #ARTIFACT_TYPE}, with the empty config and one layer per file.
 * Each layer's {@value #TITLE} annotation is the file's name, as ORAS writes and reads it (so
 * {@code oras pull} writes the same files), and {@value #FORMAT} the format it belongs to. The
 * manifest's annotations say what the files were made from: the plan's digest, the specs, and for a
 * build cache entry the key it is kept under.
 */
public final class ApplianceArtifact {
  public static final String ARTIFACT_TYPE = "application/vnd.imgc.appliance.v1";
  public static final String FILE_MEDIA_TYPE = "application/vnd.imgc.appliance.file.v1";

  /** The file name of a layer, as ORAS names it. */
  public static final String TITLE = "org.opencontainers.image.title";
  public static final String FORMAT = "dev.imgc.format";
  public static final String PLAN_DIGEST = "dev.imgc.plan.digest";
  public static final String SPEC = "dev.imgc.spec";
  public static final String CACHE_KEY = "dev.imgc.cache.key";

  /** OCI's empty descriptor's content, {@code {}}: the config of an artifact that needs none. */
  static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
  static final Descriptor EMPTY_CONFIG = new Descriptor("application/vnd.oci.empty.v1+json", Digest.of(EMPTY_JSON), EMPTY_JSON.length);

  private ApplianceArtifact() {}

  /**
   * Whether {@code name} may be written as a file of an output directory: one plain component, not
   * {@code .} or {@code ..}, no {@code /}, NUL or control characters. What a registry says is never
   * trusted to stay inside the directory.
   */
  public static boolean isPlainFileName(String name) {
    if (name == null || name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
      return false;
    }
    return name.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
  }
}
