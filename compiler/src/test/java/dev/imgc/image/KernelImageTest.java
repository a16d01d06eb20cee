package dev.imgc.image;

import static dev.imgc.image.ImageTests.resolver;
import static dev.imgc.image.ImageTests.run;
import static dev.imgc.image.ImageTests.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.image.store.ImageStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LinuxKit's kernel image convention: /kernel, /kernel.tar of lib/modules, /ucode.cpio. */
class KernelImageTest {
  @TempDir Path temp;

  private StoredImage linuxkitKernel(String binaryName) throws IOException {
    Path modules = Files.createDirectories(temp.resolve("modules/lib/modules/6.6.1-linuxkit/kernel"));
    Files.writeString(modules.resolve("virtio.ko"), "module");
    Path root = Files.createDirectories(temp.resolve("root"));
    run(temp, "tar", "--sort=name", "-cf", root.resolve("kernel.tar").toString(), "-C", temp.resolve("modules").toString(), "lib");
    Files.writeString(root.resolve(binaryName), "bzImage bytes");
    Files.writeString(root.resolve("ucode.cpio"), "microcode");
    return resolver(ImageStore.open(temp.resolve("store"))).importAs("linuxkit/kernel:6.6.1", source("dir:" + root));
  }

  @Test
  void findsKernelModulesAndMicrocode() throws IOException {
    KernelImage kernel = KernelImage.locate(linuxkitKernel("kernel"), Optional.empty(), Optional.empty());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    kernel.copyKernel(bytes);
    assertEquals("bzImage bytes", bytes.toString(StandardCharsets.UTF_8));
    ByteArrayOutputStream ucode = new ByteArrayOutputStream();
    kernel.copyUcode(ucode);
    assertEquals("microcode", ucode.toString(StandardCharsets.UTF_8));
    assertEquals(Optional.empty(), kernel.version());
    List<String> modules = new ArrayList<>();
    kernel.readModules(entry -> modules.add(entry.path()));
    assertEquals(List.of("lib", "lib/modules", "lib/modules/6.6.1-linuxkit", "lib/modules/6.6.1-linuxkit/kernel",
        "lib/modules/6.6.1-linuxkit/kernel/virtio.ko"), modules);
  }

  @Test
  void kernelBinaryAndTarNameOtherFiles() throws IOException {
    StoredImage image = linuxkitKernel("bzImage");
    KernelImage kernel = KernelImage.locate(image, Optional.of("/bzImage"), Optional.of("none"));
    assertEquals("bzImage", kernel.kernel().path());
    assertFalse(kernel.hasModules());
    ImageException e = assertThrows(ImageException.class, () -> KernelImage.locate(image, Optional.empty(), Optional.empty()));
    assertTrue(e.getMessage().contains("holds no kernel: neither /kernel"), e.getMessage());
  }
}
