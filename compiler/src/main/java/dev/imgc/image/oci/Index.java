package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.SortedMap;

/** An image index (OCI) or manifest list (Docker): manifests for several platforms; also an OCI layout's {@code index.json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Index(
    @JsonProperty("schemaVersion") int schemaVersion,
    @JsonProperty("mediaType") String mediaType,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("manifests") List<Descriptor> manifests,
    @JsonProperty("annotations") SortedMap<String, String> annotations) {

  public Index {
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  public static Index oci(List<Descriptor> manifests) {
    return new Index(2, MediaTypes.OCI_INDEX, manifests, null);
  }
}
