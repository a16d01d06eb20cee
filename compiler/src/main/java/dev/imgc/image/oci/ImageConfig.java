package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The parts of an OCI image configuration imgc reads and writes. Configs pulled or copied from
 * elsewhere are stored byte for byte; this record is for reading them and for writing imported ones.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImageConfig(
    @JsonProperty("created") String created,
    @JsonProperty("architecture") String architecture,
    @JsonProperty("os") String os,
    @JsonProperty("variant") String variant,
    @JsonProperty("config") RuntimeConfig config,
    @JsonProperty("rootfs") RootFs rootfs,
    @JsonProperty("history") List<History> history) {

  /** The {@code rootfs} member: the digests of the uncompressed layers, in order. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RootFs(@JsonProperty("type") String type, @JsonProperty("diff_ids") List<Digest> diffIds) {
    public static RootFs layers(List<Digest> diffIds) {
      return new RootFs("layers", List.copyOf(diffIds));
    }
  }

  /** One {@code history} entry; imgc writes one per imported layer, naming its source. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record History(
      @JsonProperty("created") String created,
      @JsonProperty("created_by") String createdBy,
      @JsonProperty("empty_layer") Boolean emptyLayer) {}

  public Platform platform() {
    return new Platform(architecture, os, variant);
  }
}
