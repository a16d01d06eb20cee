package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.ImagePusher;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code imgc image push NAME [DEST]}: pushes an image of the store to a registry. */
@Command(name = "push", description = {
    "Push an image of the store to a registry: its blobs (skipped where the registry has them, mounted from "
        + "another of its repositories where it can, uploaded in resumable chunks otherwise), then its manifest. "
        + "Credentials come from podman's auth.json and Docker's config.json, credential helpers included."})
final class ImagePushCommand extends ImageSubcommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "The image in the store, e.g. localhost:5000/team/web:1.")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "DEST",
      description = "Where to push it (default: NAME itself), e.g. registry.example/team/web:1.")
  String destination;

  @Mixin RegistryOptions registry;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  int execute() throws InvalidReferenceException {
    String stored = name(name);
    if (destination == null && stored.startsWith(ImageResolver.IMPORT_DOMAIN + "/")) {
      throw new ImageException(name + " was imported, not pulled, so it has no registry of its own; name one: imgc image push "
          + name + " REGISTRY/REPOSITORY:TAG");
    }
    ImageReference target = ImageReference.parse(destination == null ? name : destination);
    CommandLine commandLine = spec.commandLine();
    ImagePusher.Pushed pushed = new ImagePusher(openStore(), registry.registries(commandLine),
        registry.console.progress(commandLine)).push(stored, target);
    System.out.println(pushed.reference() + " " + pushed.digest());
    System.err.println("imgc: " + pushed.uploaded() + " blob" + (pushed.uploaded() == 1 ? "" : "s") + " uploaded ("
        + pushed.uploadedBytes() + " bytes), " + pushed.mounted() + " mounted, " + pushed.present() + " already there");
    return 0;
  }
}
