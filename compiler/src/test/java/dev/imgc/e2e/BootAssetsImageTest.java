package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --boot-assets REF}: bootloader files taken from an image rather than from the host. */
class BootAssetsImageTest {
  @TempDir Path tmp;

  @Test
  void theIsoCarriesTheIsolinuxOfTheNamedImage() throws Exception {
    GoldenSpec spec = GoldenSpec.create(tmp);
    Path assets = Files.createDirectories(tmp.resolve("assets/usr/lib/ISOLINUX"));
    byte[] isolinux = Files.readAllBytes(Path.of("/usr/lib/ISOLINUX/isolinux.bin"));
    isolinux[isolinux.length - 1] ^= 0x5a; // not the host's: the ISO must carry this one
    Files.write(assets.resolve("isolinux.bin"), isolinux);
    List<String> arguments = new ArrayList<>(spec.compileArguments(tmp.resolve("store")));
    arguments.addAll(List.of("-o", tmp.resolve("out").toString(), "--format", "iso-bios",
        "--boot-assets", "dir://" + tmp.resolve("assets")));
    assertEquals(0, Main.run(arguments.toArray(String[]::new)));

    Path extracted = tmp.resolve("isolinux.bin");
    Process osirrox = new ProcessBuilder("osirrox", "-indev", tmp.resolve("out/golden.iso").toString(),
        "-extract", "/isolinux/isolinux.bin", extracted.toString()).redirectErrorStream(true).start();
    String log = new String(osirrox.getInputStream().readAllBytes());
    assertEquals(0, osirrox.waitFor(), log);
    byte[] inIso = Files.readAllBytes(extracted);
    // isolinux's boot info table (bytes 8-63) is patched in the ISO; the rest is the image's file
    assertTrue(inIso.length == isolinux.length && inIso[isolinux.length - 1] == isolinux[isolinux.length - 1],
        "the ISO holds the host's isolinux.bin, not the --boot-assets image's");
  }
}
