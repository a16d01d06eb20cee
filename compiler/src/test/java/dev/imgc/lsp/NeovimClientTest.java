package dev.imgc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imgc.image.store.ImageStore;
import dev.imgc.plan.PlanFixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real editor's client: Neovim (Debian's package), headless, runs {@code imgc lsp} through its
 * built-in LSP client ({@code vim.lsp.start_client}) on a spec with a misspelt key after a
 * non-ASCII character, and shows the error where a person sees it (Neovim converts the protocol's
 * UTF-16 columns to byte columns); fixing the line with an incremental change clears it.
 */
class NeovimClientTest {
  @TempDir Path dir;

  @Test
  void neovimShowsTheDiagnosticAtTheMisspeltKeyAndClearsItOnceFixed() throws Exception {
    ImageStore store = ImageStore.open(dir.resolve("store"));
    PlanFixtures.web(store);
    String broken = "  - {image: test/web:1, name: getty, command: [\"é\"], capabilites: [CAP_SYS_ADMIN]}";
    Path spec = dir.resolve("appliance.yml");
    Files.writeString(spec, "# a spec\nservices:\n" + broken + "\n", StandardCharsets.UTF_8);
    Path script = dir.resolve("client.lua");
    try (InputStream in = NeovimClientTest.class.getResourceAsStream("neovim-client.lua")) {
      Files.copy(in, script);
    }
    Path out = dir.resolve("diagnostics.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder nvim = new ProcessBuilder("nvim", "--headless", "-n", "-i", "NONE", "-u", "NONE", "-c", "luafile " + script)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nvim.log").toFile());
    nvim.environment().put("IMGC_LSP_CMD",
        String.join("\n", java, "-cp", System.getProperty("java.class.path"), "dev.imgc.cli.Main", "lsp"));
    nvim.environment().put("IMGC_SPEC", spec.toString());
    nvim.environment().put("IMGC_OUT", out.toString());
    nvim.environment().put("IMGC_FIX_LINE", "3");
    nvim.environment().put("IMGC_FIX_TEXT", broken.replace("capabilites", "capabilities"));
    nvim.environment().put("IMGC_STORE", dir.resolve("store").toString());
    nvim.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    nvim.environment().put("HOME", dir.toString());
    Process process = nvim.start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("nvim did not finish: " + Files.readString(dir.resolve("nvim.log")));
    }
    // where a person sees it: line 3, the byte column of the key (é is two bytes of UTF-8), an error (1)
    int byteColumn = broken.substring(0, broken.indexOf("capabilites")).getBytes(StandardCharsets.UTF_8).length + 1;
    assertEquals(List.of("3:" + byteColumn + ":1:schema-unknown-key", "cleared"),
        Files.exists(out) ? Files.readAllLines(out) : List.of("no output; nvim said: " + Files.readString(dir.resolve("nvim.log"))));
  }
}
