package dev.imgc.plan.lower;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.plan.ContainerIds;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Runtime;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for the OCI runtime configuration generator (package {@code dev.imgc.plan.runtime}),
 * used until that is wired in: the root's path and read-only flag, and the spec's runtime section
 * as written. It has none of LinuxKit's defaults and must not be used to build a bootable image.
 */
public final class PendingBundleConfig implements BundleConfigGenerator {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Runtime NO_RUNTIME = new Runtime(List.of(), List.of(), List.of(), List.of(), new java.util.TreeMap<>(), Optional.empty());

  @Override
  public BundleConfig generate(ImageSpec spec, ImageConfig imageConfig, ContainerIds ids) {
    boolean readonly = spec.config().readonly().map(Located::value).orElse(false);
    ObjectNode config = MAPPER.createObjectNode();
    ObjectNode root = config.putObject("root");
    root.put("path", "rootfs");
    root.put("readonly", readonly);
    Runtime runtime = spec.config().runtime().map(Located::value).orElse(NO_RUNTIME);
    return new BundleConfig(config.toString().getBytes(StandardCharsets.UTF_8), readonly, runtime);
  }
}
