package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DependencyGroupTest {
  /** What apt-cache depends printed for Debian 12's kernel package (Recommends etc. left in on purpose). */
  private static final String KERNEL = String.join("\n",
      "linux-image-6.1.0-56-amd64",
      "  Depends: kmod",
      "  PreDepends: linux-base",
      " |Depends: initramfs-tools",
      "  Depends: <linux-initramfs-tool>",
      "    dracut",
      "    initramfs-tools",
      "  Conflicts: linux-image-6.1.0-56-amd64-unsigned",
      "  Recommends: firmware-linux-free",
      " |Suggests: grub-pc",
      "  Suggests: extlinux",
      "  Depends: python3:any",
      "");

  @Test
  void keepsDependsAndPreDependsWithAlternativesAndProviders() {
    List<DependencyGroup> groups = DependencyGroup.parse(KERNEL);
    assertEquals(4, groups.size(), groups.toString());
    assertEquals("kmod", groups.get(0).alternatives().get(0).name());
    assertEquals("linux-base", groups.get(1).alternatives().get(0).name());
    List<DependencyGroup.Alternative> initramfs = groups.get(2).alternatives();
    assertEquals(2, initramfs.size());
    assertEquals(new DependencyGroup.Alternative("initramfs-tools", false, List.of()), initramfs.get(0));
    assertEquals(new DependencyGroup.Alternative("linux-initramfs-tool", true, List.of("dracut", "initramfs-tools")), initramfs.get(1));
    assertEquals("python3", groups.get(3).alternatives().get(0).name());
  }

  @Test
  void readsTheCandidatesRecord() {
    PackageInfo info = PackageInfo.parse(String.join("\n",
        "Package: busybox-static",
        "Version: 1:1.35.0-4+b1",
        "Priority: optional",
        "Architecture: amd64",
        "Description: x",
        " continued: not a field",
        "Filename: pool/main/b/busybox/busybox-static_1.35.0-4+b1_amd64.deb",
        "SHA256: abc",
        "",
        "Package: second-record")).orElseThrow();
    assertEquals(new PackageInfo("busybox-static", "1:1.35.0-4+b1", "amd64", "busybox-static_1.35.0-4+b1_amd64.deb", "abc", false, "optional"), info);
    assertTrue(PackageInfo.parse("Package: libc6\nPriority: required\nFilename: pool/l.deb\n").orElseThrow().isBase());
    assertTrue(PackageInfo.parse("Package: dash\nEssential: yes\nFilename: pool/d.deb\n").orElseThrow().isBase());
  }
}
