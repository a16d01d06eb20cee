package dev.imgc.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootAssetsTest {
  @TempDir Path root;

  @Test
  void findsAnAssetAtTheFedoraPathWhenTheDebianOneIsAbsent() throws IOException {
    Path fedora = root.resolve("usr/share/syslinux/isolinux.bin");
    Files.createDirectories(fedora.getParent());
    Files.write(fedora, new byte[] {1});
    assertEquals(fedora, BootAssets.under(root).locate(BootAsset.ISOLINUX_BIN));
  }

  @Test
  void aMissingAssetIsOneSentenceNamingWhereItLookedAndThePackage() {
    MissingBootAssetException e =
        assertThrows(MissingBootAssetException.class, () -> BootAssets.under(root).locate(BootAsset.SYSTEMD_BOOT_X64));
    assertTrue(e.getMessage().startsWith("systemd-bootx64.efi was not found (looked in /usr/lib/systemd/boot/efi/"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install systemd-boot-efi"), e.getMessage());
    assertTrue(e.getMessage().contains("--boot-assets DIR"), e.getMessage());
  }

  @Test
  void aBootAssetsDirectoryIsSearchedByFileNameBeforeTheHost() throws IOException {
    Path given = root.resolve("assets/bios/ldlinux.c32");
    Files.createDirectories(given.getParent());
    Files.write(given, new byte[] {2});
    assertEquals(given, BootAssets.directoryThenHost(root.resolve("assets")).locate(BootAsset.LDLINUX_C32));
  }
}
