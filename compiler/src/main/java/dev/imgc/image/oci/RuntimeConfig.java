package dev.imgc.image.oci;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.SortedMap;

/**
 * The {@code config} member of an image configuration: how a container of the image runs. It is
 * also the shape of the file {@code imgc image import --config} reads, with the same key names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeConfig(
    @JsonProperty("User") String user,
    @JsonProperty("Env") List<String> env,
    @JsonProperty("Entrypoint") List<String> entrypoint,
    @JsonProperty("Cmd") List<String> cmd,
    @JsonProperty("WorkingDir") String workingDir,
    @JsonProperty("Labels") SortedMap<String, String> labels) {

  public static final RuntimeConfig EMPTY = new RuntimeConfig(null, null, null, null, null, null);
}
