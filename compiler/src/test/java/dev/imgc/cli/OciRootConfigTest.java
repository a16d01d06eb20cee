package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static dev.imgc.cli.ImgcRun.importImage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.fs.StreamTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A root filesystem made of one image alone, without {@code /init}, compiled to {@code oci}, runs as
 * that image did (issue 16, item 6): skopeo reads the image's Entrypoint, Cmd, Env, WorkingDir, User
 * and labels back from the written archive, the title label naming the appliance.
 */
class OciRootConfigTest {
  @TempDir Path temp;

  @Test
  void aRootMadeOfOneImageKeepsThatImagesConfiguration() throws Exception {
    String store = temp.resolve("store").toString();
    importImage(temp, store, "example/app:1", "srv/app", "#!/bin/sh\necho app\n",
        "Entrypoint: [/srv/app, --serve]\nCmd: [--port, \"80\"]\nEnv: [\"APP=1\", \"PATH=/srv\"]\n"
        + "WorkingDir: /srv\nUser: \"33:4\"\nLabels: {purpose: test}\n");
    Path spec = temp.resolve("app.yml");
    Files.writeString(spec, "init:\n  - example/app:1\n");
    Path out = temp.resolve("out");
    ImgcRun built = imgc("compile", spec.toString(), "-o", out.toString(), "--store", store, "--format", "oci");
    assertEquals(0, built.status(), built.err());

    JsonNode read = new ObjectMapper().readTree(StreamTestSupport.run(temp, "skopeo", "inspect", "--config",
        "oci-archive:" + out.resolve("app-oci.tar")));
    JsonNode run = read.path("config");
    assertEquals("[\"/srv/app\",\"--serve\"]", run.path("Entrypoint").toString(), read.toString());
    assertEquals("[\"--port\",\"80\"]", run.path("Cmd").toString());
    assertEquals("[\"APP=1\",\"PATH=/srv\"]", run.path("Env").toString());
    assertEquals("/srv", run.path("WorkingDir").asText());
    assertEquals("33:4", run.path("User").asText());
    assertEquals("test", run.path("Labels").path("purpose").asText());
    assertEquals("app", run.path("Labels").path("org.opencontainers.image.title").asText());
    assertTrue(StreamTestSupport.run(temp, "tar", "-tf", out.resolve("app-oci.tar").toString()).contains("index.json"));
  }
}
