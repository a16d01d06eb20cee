package dev.imgc.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlatformTest {
  @Test
  void theHostIsNamedAsOciNamesPlatformsAndIsAlwaysLinux() {
    assertEquals("linux/amd64", Platform.ofJavaArchitecture("amd64").toString());
    assertEquals("linux/arm64", Platform.ofJavaArchitecture("aarch64").toString());
    assertEquals("linux/386", Platform.ofJavaArchitecture("x86").toString());
    assertEquals("linux/ppc64le", Platform.ofJavaArchitecture("ppc64le").toString());
    assertEquals("linux/riscv64", Platform.ofJavaArchitecture("riscv64").toString());
    assertEquals(Platform.ofJavaArchitecture(System.getProperty("os.arch")), Platform.host());
  }
}
