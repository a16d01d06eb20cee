package dev.imgc.fs.oci;

/**
 * What an OCI image archive says about its one image besides the root filesystem.
 *
 * @param name repository name, such as {@code imgc/appliance}
 * @param tag tag, such as {@code latest}; also the index's {@code org.opencontainers.image.ref.name}
 * @param architecture GOARCH spelling, such as {@code amd64}
 * @param os such as {@code linux}
 * @param createdSeconds the config's creation time (the plan's {@code SOURCE_DATE_EPOCH}), also the
 *     modification time of the archive's own files
 * @param config what a container of the image runs, and how
 */
public record OciImage(String name, String tag, String architecture, String os, long createdSeconds,
    ContainerConfig config) {

  String reference() {
    return name + ":" + tag;
  }
}
