package dev.imgc.plan.lower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.plan.TinyModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModInfoTest {
  private static final byte[] VIRTIO_NET = TinyModule.elf("virtio_net", List.of("net_failover", "virtio-ring"),
      List.of("virtio:d00000001v*"));

  @Test
  void readelfSeesTheModinfoTheTestModulesCarry(@TempDir Path dir) throws Exception {
    Path ko = dir.resolve("virtio_net.ko");
    Files.write(ko, VIRTIO_NET);
    Process readelf = new ProcessBuilder("readelf", "-p", ".modinfo", ko.toString()).redirectErrorStream(true).start();
    String out = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, readelf.waitFor(), out);
    assertTrue(out.contains("depends=net_failover,virtio-ring"), out);
    assertTrue(out.contains("alias=virtio:d00000001v*"), out);
  }

  @Test
  void readsNameDependenciesAndAliasesWithDashesAsUnderscores() throws Exception {
    try (SpilledCopy copy = SpilledCopy.of(new ByteArrayInputStream(VIRTIO_NET))) {
      ModInfo info = ModInfo.read(copy).orElseThrow();
      assertEquals(Optional.of("virtio_net"), info.name());
      assertEquals(List.of("net_failover", "virtio_ring"), info.depends());
      assertEquals(List.of("virtio:d00000001v*"), info.aliases());
    }
  }

  @Test
  void readsACompressedModuleThrough() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(VIRTIO_NET);
    }
    try (SpilledCopy copy = SpilledCopy.of(new ByteArrayInputStream(gz.toByteArray()))) {
      assertEquals(List.of("net_failover", "virtio_ring"), ModInfo.read(copy).orElseThrow().depends());
    }
  }

  @Test
  void aFileThatIsNoElfHasNoModinfo() throws Exception {
    try (SpilledCopy copy = SpilledCopy.of(new ByteArrayInputStream("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)))) {
      assertTrue(ModInfo.read(copy).isEmpty());
    }
  }
}
