package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both conventions' names, as LinuxKit's documentation and Debian's kernel packages give them. */
class KernelLayoutTest {
  @Test
  void linuxkitNamesDefaultAndLoseTheirLeadingSlash() {
    assertEquals("kernel", KernelLayout.binary(Optional.empty()));
    assertEquals("bzImage", KernelLayout.binary(Optional.of("/bzImage")));
    assertEquals(Optional.of("kernel.tar"), KernelLayout.tar(Optional.empty()));
    assertEquals(Optional.of("boot/modules.tar"), KernelLayout.tar(Optional.of("//boot/modules.tar")));
    assertEquals(Optional.empty(), KernelLayout.ucode(Optional.empty()));
    assertEquals(Optional.of("ucode.cpio"), KernelLayout.ucode(Optional.of("/ucode.cpio")));
  }

  @Test
  void noneOrAnEmptyTarMeansNoModuleTarball() {
    assertEquals(Optional.empty(), KernelLayout.tar(Optional.of("none")));
    assertEquals(Optional.empty(), KernelLayout.tar(Optional.of("")));
  }

  @Test
  void aDebianKernelIsNamedByItsRelease() {
    assertEquals(Optional.of("6.1.0-28-amd64"), KernelLayout.debianKernelRelease("boot/vmlinuz-6.1.0-28-amd64"));
    assertEquals(Optional.empty(), KernelLayout.debianKernelRelease("boot/vmlinuz"));
    assertEquals(Optional.empty(), KernelLayout.debianKernelRelease("boot/config-6.1.0-28-amd64"));
    assertEquals(Optional.empty(), KernelLayout.debianKernelRelease("kernel"));
  }

  @Test
  void moduleTreesAreUnderLibOrUsrLibModules() {
    assertEquals(Optional.of("6.6.1-linuxkit"), KernelLayout.moduleTreeRelease("lib/modules/6.6.1-linuxkit/kernel/virtio.ko"));
    assertEquals(Optional.of("6.1.0-28-amd64"), KernelLayout.moduleTreeRelease("usr/lib/modules/6.1.0-28-amd64/modules.dep"));
    assertEquals(Optional.of("6.1.0-28-amd64"), KernelLayout.moduleTreeRelease("lib/modules/6.1.0-28-amd64"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("lib/modules"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("lib/firmware/intel/ucode"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("opt/lib/modules/6.1.0/x.ko"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("lib/modules/"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("usr/lib/modules//x.ko"));
    assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("usr/lib/firmware/x"));
    assertEquals(Optional.of("6.1.0-28-amd64"), KernelLayout.moduleTreeRelease("lib/modules/6.1.0-28-amd64/"));
    assertEquals(Optional.of("a\nb"), KernelLayout.moduleTreeRelease("lib/modules/a\nb/x"), "a release may hold any character but /");
    for (String terminator : java.util.List.of("\n", "\r", "\u0085", "\u2028", "\u2029")) {
      assertEquals(Optional.empty(), KernelLayout.moduleTreeRelease("lib/modules/6.1.0/x" + terminator + "y"),
          "what follows the release is what a regular expression's . matches, as it was");
    }
  }

  @Test
  void noKernelNamesBothConventions() {
    assertEquals("k:1 holds no kernel: neither bzImage (LinuxKit's convention; see kernel.binary) nor"
        + " boot/vmlinuz-* (a Debian kernel package)", KernelLayout.noKernel("k:1", "bzImage"));
  }
}
