package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.plan.runtime.IdAllocator;
import dev.imgc.plan.runtime.RuntimeConfigs;
import dev.imgc.plan.runtime.RuntimeJson;
import dev.imgc.plan.runtime.Volumes;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bundles as the compiler makes them: a spec read by the real front end, each container's {@code
 * config.json} and {@code runtime.json} generated with LinuxKit's semantics for an image with an
 * empty config, laid out as LinuxKit lays bundles out.
 */
final class Bundles {
  private Bundles() {}

  static Spec spec(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("spec.yml");
    Files.writeString(file, yaml);
    SpecLoader.Result result = SpecLoader.load(List.of(file), Variables.none());
    assertFalse(result.hasErrors(), () -> "the test spec is invalid: " + result.diagnostics());
    return result.spec().orElseThrow();
  }

  static InitSpec initSpec(Spec spec, List<String> modules) throws Exception {
    IdAllocator ids = IdAllocator.of(spec);
    Volumes volumes = Volumes.of(spec);
    return new InitSpec("appliance", modules,
        bundles(spec.onboot(), "onboot", true, ids, volumes),
        bundles(spec.onshutdown(), "onshutdown", true, ids, volumes),
        bundles(spec.services(), "services", false, ids, volumes));
  }

  /** The directory LinuxKit gives a container: {@code containers/onboot/000-name} or {@code containers/services/name}. */
  static String directory(String section, boolean numbered, int index, String name) {
    return "containers/" + section + "/" + (numbered ? String.format("%03d-%s", index, name) : name);
  }

  /** Where the container's image files go: {@code rootfs} when read-only, else {@code lower} under an overlay. */
  static String imageDir(String directory, boolean readonly) {
    return directory + (readonly ? "/rootfs" : "/lower");
  }

  private static List<Bundle> bundles(List<ImageSpec> containers, String section, boolean numbered, IdAllocator ids,
      Volumes volumes) throws Exception {
    ImageConfig empty = new ImageConfig(null, "amd64", "linux", null, RuntimeConfig.EMPTY, null, null);
    List<Bundle> bundles = new ArrayList<>();
    for (int i = 0; i < containers.size(); i++) {
      ImageSpec container = containers.get(i);
      String name = container.name().value();
      String directory = directory(section, numbered, i, name);
      RuntimeConfigs.Result result = RuntimeConfigs.generate(container, empty, ids, volumes);
      byte[] runtime = RuntimeJson.write(result.runtime(), directory, imageDir(directory, result.readonlyRoot()),
          result.readonlyRoot());
      bundles.add(new Bundle(name, directory, result.configJson(), runtime));
    }
    return bundles;
  }
}
