package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An OCI content descriptor: what a blob is, its digest and size, and where it applies. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Descriptor(
    @JsonProperty("mediaType") String mediaType,
    @JsonProperty("digest") Digest digest,
    @JsonProperty("size") long size,
    @JsonProperty("annotations") SortedMap<String, String> annotations,
    @JsonProperty("platform") Platform platform) {

  /** The annotation an OCI layout's index uses to name an image. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";

  public Descriptor {
    annotations = annotations == null ? new TreeMap<>() : new TreeMap<>(annotations);
  }

  public Descriptor(String mediaType, Digest digest, long size) {
    this(mediaType, digest, size, null, null);
  }

  public Descriptor withAnnotations(Map<String, String> added) {
    TreeMap<String, String> all = new TreeMap<>(annotations);
    all.putAll(added);
    return new Descriptor(mediaType, digest, size, all, platform);
  }

  public Descriptor withoutAnnotations() {
    return new Descriptor(mediaType, digest, size, null, platform);
  }

  public Optional<String> refName() {
    return Optional.ofNullable(annotations.get(REF_NAME));
  }
}
