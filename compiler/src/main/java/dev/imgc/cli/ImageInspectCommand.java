package dev.imgc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.image.ImageException;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.StoredImage;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.ImageStore;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code imgc image inspect REF}: the manifest and config of an image, as JSON. */
@Command(name = "inspect", description = "Print an image's manifest and config as JSON.")
final class ImageInspectCommand extends ImageSubcommand {
  @Parameters(index = "0", paramLabel = "REF")
  String reference;

  @Override
  int execute() throws InvalidReferenceException {
    ImageStore opened = openStore();
    StoredImage image = StoredImage.load(opened, name(reference));
    try {
      ObjectNode out = OciJson.mapper().createObjectNode();
      out.put("name", image.name());
      out.put("digest", image.descriptor().digest().toString());
      out.set("manifest", OciJson.mapper().readTree(opened.readBlob(image.descriptor(), "manifest of " + image.name())));
      out.set("config", OciJson.mapper().readTree(opened.readBlob(image.manifest().config(), "config of " + image.name())));
      System.out.println(OciJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } catch (IOException e) {
      throw new ImageException("cannot read " + image.name() + ": " + e.getMessage(), e);
    }
    return 0;
  }
}
