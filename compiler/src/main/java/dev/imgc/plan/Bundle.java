package dev.imgc.plan;

import dev.imgc.image.oci.Digest;

/**
 * One container LinuxKit's init runs: an onboot or onshutdown entry, or a service, laid out at
 * {@code directory} ({@code containers/onboot/000-sysctl}) with its config.json, runtime.json and
 * root filesystem ({@code rootfs/}, or {@code lower/} under an overlay when the root is writable).
 *
 * @param image the normalised image reference
 * @param manifest the digest of the image's manifest in the store: the exact image used
 */
public record Bundle(Kind kind, int index, String name, String directory, String image, Digest manifest, boolean readonlyRoot) {
  public enum Kind {
    ONBOOT("onboot"),
    ONSHUTDOWN("onshutdown"),
    SERVICE("services");

    private final String section;

    Kind(String section) {
      this.section = section;
    }

    /** The spec's section and the directory under {@code containers/}: onboot, onshutdown, services. */
    public String section() {
      return section;
    }
  }

  /** Where in the spec the bundle was written: {@code services[2]}. */
  public String location() {
    return kind.section() + "[" + index + "]";
  }

  /** The directory the image's files are unpacked into. */
  public String imageRoot() {
    return directory + (readonlyRoot ? "/rootfs" : "/lower");
  }
}
