package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.image.oci.ImageConfig;
import dev.imgc.image.oci.OciJson;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-for-byte agreement with LinuxKit: each case in testdata/runtime-config holds a spec, an
 * image config, and the config.json and runtime.json that LinuxKit's own ConfigToOCI made for the
 * spec's last service (see that directory's README for how). The runtime.json there has no rootfs
 * mounts, which LinuxKit adds later when it lays out the bundle.
 */
class LinuxKitGoldenTest {
  private static final Path CASES = Path.of(System.getProperty("imgc.repo", ".")).resolve("testdata/runtime-config");

  static Stream<Path> cases() throws IOException {
    try (Stream<Path> list = Files.list(CASES)) {
      return list.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesLinuxKit(Path dir) throws Exception {
    Spec spec = Fixtures.spec(Files.readString(dir.resolve("spec.yml")));
    ImageConfig image = OciJson.read(Files.readAllBytes(dir.resolve("image.json")), ImageConfig.class, "image.json");
    ImageSpec last = spec.services().get(spec.services().size() - 1);
    RuntimeConfigs.Result result = RuntimeConfigs.generate(last, image, IdAllocator.of(spec), Volumes.of(spec));
    assertEquals(Files.readString(dir.resolve("config.json")), new String(result.configJson(), StandardCharsets.UTF_8));
    assertEquals(Files.readString(dir.resolve("runtime.json")),
        new String(RuntimeJson.write(result.runtime(), List.of()), StandardCharsets.UTF_8));
  }
}
