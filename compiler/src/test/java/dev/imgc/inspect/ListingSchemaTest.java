package dev.imgc.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every {@code --json} listing is valid against schema/listing.schema.json, as shipped in the jar. */
class ListingSchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  @TempDir Path work;

  @BeforeAll
  static void loadSchema() throws Exception {
    try (InputStream in = ListingSchemaTest.class.getResourceAsStream("/dev/imgc/schema/listing.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }

  private static Set<ValidationMessage> validate(String json) throws Exception {
    return schema.validate(JSON.readTree(json));
  }

  @Test
  void listingsOfArtifactsAreValid() throws Exception {
    Path tree = TreeOracle.sampleTree(work.resolve("tree"));
    // an ISO holding a gzip'd cpio and a tar with a pax extended attribute, both listed with every column
    TreeOracle.sh(work, "(cd tree && find . | cpio -o -H newc 2>/dev/null) | gzip > initrd.img && mkdir iso"
        + " && cp initrd.img iso/ && xorriso -outdev a.iso -map iso / 2>/dev/null"
        + " && python3 -c \"import tarfile; t = tarfile.open('x.tar', 'w', format=tarfile.PAX_FORMAT);"
        + " i = tarfile.TarInfo('etc/capable'); i.pax_headers = {'SCHILY.xattr.user.note': 'hi'}; t.addfile(i); t.close()\"");
    for (String artifact : new String[] {"a.iso", "x.tar", "initrd.img"}) {
      Listing listing = Inspector.inspect(work.resolve(artifact), InspectOptions.RECURSIVE);
      String json = ListingJson.render(listing, new Columns(true, true));
      assertEquals(Set.of(), validate(json), json);
    }
    String tar = ListingJson.render(Inspector.inspect(work.resolve("x.tar")), new Columns(true, true));
    JsonNode entry = JSON.readTree(tar).path("parts").get(0).path("entries").get(0);
    assertEquals("6869", entry.path("xattrs").path("user.note").asText(), tar); // "hi", as Python's tarfile wrote it
    assertFalse(tree.toString().isEmpty());
  }

  @Test
  void randomListingsAreValid() throws Exception {
    RandomListings listings = new RandomListings(42);
    for (int i = 0; i < 500; i++) {
      String json = ListingJson.render(listings.next(), new Columns(true, true));
      assertEquals(Set.of(), validate(json), json);
    }
  }

  @Test
  void anotherVersionIsNotValid() throws Exception {
    assertFalse(validate("{\"version\": 2, \"parts\": []}").isEmpty());
    assertFalse(validate("{\"version\": 1, \"parts\": [{\"title\": \"tar\", \"location\": \"\", \"rows\": [],"
        + " \"entries\": [{\"path\": \"a\", \"type\": \"socket\", \"mode\": \"0644\", \"uid\": 0, \"gid\": 0,"
        + " \"size\": 0}]}]}").isEmpty());
    assertFalse(Files.exists(Path.of("/nonexistent-listing")));
  }
}
