package dev.imgc.fs.oci;

import java.util.List;

/**
 * What an OCI image archive says about its one image besides the root filesystem.
 *
 * @param name repository name, such as {@code imgc/appliance}
 * @param tag tag, such as {@code latest}; also the index's {@code org.opencontainers.image.ref.name}
 * @param architecture GOARCH spelling, such as {@code amd64}
 * @param os such as {@code linux}
 * @param createdSeconds the config's creation time (the plan's {@code SOURCE_DATE_EPOCH}), also the
 *     modification time of the archive's own files
 * @param cmd the command a container runs by default; empty for none
 */
public record OciImage(String name, String tag, String architecture, String os, long createdSeconds,
    List<String> cmd) {
  public OciImage {
    cmd = List.copyOf(cmd);
  }

  String reference() {
    return name + ":" + tag;
  }
}
