package dev.imgc.emit;

import dev.imgc.fs.Entry;
import dev.imgc.fs.oci.ContainerConfig;
import dev.imgc.fs.oci.OciArchiveWriter;
import dev.imgc.fs.oci.OciImage;
import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code oci} and {@code docker}: the root filesystem as a one-layer image archive, {@code NAME-oci.tar}
 * or {@code NAME-docker.tar} (one archive serves both: an OCI layout holding Docker's {@code
 * manifest.json}, read by {@code docker load}, {@code podman load} and {@code skopeo}), tagged
 * {@code NAME:latest} (lower-cased, as image references must be), with the configuration a container
 * engine starts it from: {@code /init} as its entrypoint where the root has one, the usual {@code
 * PATH}, {@code /} as its directory, its name as a label, and the platform it was built for. A root
 * filesystem made of one image alone, without {@code /init}, keeps that image's configuration instead.
 */
record OciEmitter(Format format) implements FormatEmitter {
  /** The {@code PATH} LinuxKit's init and imgc's give the processes they start. */
  static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final String TITLE = "org.opencontainers.image.title";

  @Override
  public void emit(Emission emission) throws IOException {
    Appliance appliance = emission.appliance();
    Path output = emission.output(format);
    Platform platform = emission.platform();
    OciImage image = new OciImage(repository(appliance.name()), "latest", platform.architecture(), platform.os(),
        appliance.sourceDateEpoch(), config(appliance));
    try (OutputStream out = Files.newOutputStream(output)) {
      OciArchiveWriter.write(appliance.rootfs(), image, emission.staging().scratchDirectory(appliance.name() + "-oci-layer"), out);
    }
  }

  static ContainerConfig config(Appliance appliance) {
    boolean init = appliance.rootfs().stream().anyMatch(entry -> entry.path().equals("init")
        && (entry instanceof Entry.RegularFile || entry instanceof Entry.Symlink));
    if (!init && appliance.imageConfig().isPresent()) {
      // a root that is one image alone runs as that image did, under the appliance's name
      ContainerConfig image = appliance.imageConfig().get();
      TreeMap<String, String> labels = new TreeMap<>(image.labels());
      labels.put(TITLE, appliance.name());
      return new ContainerConfig(image.entrypoint(), image.cmd(), image.env(), image.workingDir(), image.user(), labels);
    }
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put(TITLE, appliance.name());
    return new ContainerConfig(init ? List.of("/init") : List.of(), List.of(), List.of(PATH), "/", "", labels);
  }

  /** A repository name from an artifact name: lower case, and '+' (which references forbid) as '-'. */
  static String repository(String name) {
    return name.toLowerCase(Locale.ROOT).replace('+', '-');
  }
}
