package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.spec.LabelConfig;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.Variables;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Specs, image configs and generated configs for the tests of this package. */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The spec written in {@code yaml}, loaded by the real front end (so it is checked as a user's would be). */
  static Spec spec(String yaml) {
    try {
      Path dir = Files.createTempDirectory("imgc-runtime-test");
      Path file = dir.resolve("spec.yml");
      Files.writeString(file, yaml);
      SpecLoader.Result result = SpecLoader.load(List.of(file), Variables.none());
      Files.delete(file);
      Files.delete(dir);
      assertFalse(result.hasErrors(), () -> "the test spec is invalid: " + result.diagnostics());
      return result.spec().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one container of a spec whose {@code services} holds just {@code entryYaml} (indented by 4). */
  static ImageSpec service(String entryYaml) {
    return spec("services:\n  - name: svc\n    image: example/svc:1\n" + entryYaml.indent(4)).services().get(0);
  }

  static ImageConfig image(RuntimeConfig config) {
    return new ImageConfig(null, "amd64", "linux", null, config, null, null);
  }

  /** An image whose config has only the label (null for none). */
  static ImageConfig labelled(String label) {
    Map<String, String> labels = new TreeMap<>();
    if (label != null) {
      labels.put(LabelConfig.LABEL, label);
    }
    return image(new RuntimeConfig(null, null, null, null, null, new TreeMap<>(labels)));
  }

  static RuntimeConfigs.Result generate(ImageSpec container, ImageConfig image) throws ContainerConfigException {
    return RuntimeConfigs.generate(container, image, IdAllocator.of(List.of(container)), Volumes.of(List.of()));
  }

  /** {@code config.json} of a service with {@code entryYaml} on an image with {@code label}, as a tree. */
  static JsonNode config(String entryYaml, String label) throws ContainerConfigException {
    return tree(generate(service(entryYaml), labelled(label)).configJson());
  }

  static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> texts(JsonNode array) {
    return Stream.of(JSON.convertValue(array, String[].class)).toList();
  }
}
