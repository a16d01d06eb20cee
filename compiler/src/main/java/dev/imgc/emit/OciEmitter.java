package dev.imgc.emit;

import dev.imgc.fs.oci.OciArchiveWriter;
import dev.imgc.fs.oci.OciImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code oci} and {@code docker}: the root filesystem as a one-layer image archive, {@code NAME-oci.tar}
 * or {@code NAME-docker.tar}, tagged {@code NAME:latest} (lower-cased, as image references must be). One
 * archive serves both: it is an OCI layout and holds Docker's {@code manifest.json}, so {@code docker
 * load}, {@code podman load} and {@code skopeo} (as {@code oci-archive:} or {@code docker-archive:}) read it.
 */
record OciEmitter(Format format) implements FormatEmitter {
  @Override
  public void emit(Emission emission) throws IOException {
    Appliance appliance = emission.appliance();
    Path output = emission.output(format);
    OciImage image = new OciImage(repository(appliance.name()), "latest", "amd64", "linux",
        appliance.sourceDateEpoch(), List.of());
    try (OutputStream out = Files.newOutputStream(output)) {
      OciArchiveWriter.write(appliance.rootfs(), image, emission.staging().scratchDirectory(appliance.name() + "-oci-layer"), out);
    }
  }

  /** A repository name from an artifact name: lower case, and '+' (which references forbid) as '-'. */
  static String repository(String name) {
    return name.toLowerCase(Locale.ROOT).replace('+', '-');
  }
}
