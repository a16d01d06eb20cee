package dev.imgc.cli;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.ImageStore;
import picocli.CommandLine.Command;

/** {@code imgc image repair}: rebuilds a damaged {@code index.json} from the store's blobs. */
@Command(name = "repair", description = {
    "Rebuild the store's index.json from its blobs, deleting nothing: images keep the names the damaged "
        + "index or their manifests still give them, others are listed by digest.",
    "A damaged index.json is kept as index.json.damaged."})
final class ImageRepairCommand extends ImageSubcommand {
  @Override
  int execute() {
    ImageStore.Repaired repaired = openStore().repair();
    long unnamed = 0;
    for (Descriptor entry : repaired.entries()) {
      System.out.println(entry.refName().orElse("(no name)") + " " + entry.digest());
      unnamed += entry.refName().isEmpty() ? 1 : 0;
    }
    for (Digest blob : repaired.corrupt()) {
      System.err.println("imgc: warning: blob " + blob + " is corrupt; pull or import the image that holds it again");
    }
    System.out.println("rebuilt index.json: " + repaired.entries().size() + " images, " + unnamed + " of them without a name");
    return 0;
  }
}
