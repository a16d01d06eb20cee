package dev.imgc.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.FetchSettings;
import dev.imgc.fs.StreamTestSupport;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Stores, resolvers and the host tools (skopeo, tar) the image tests check results with. */
final class ImageTests {
  private ImageTests() {}

  static ImageResolver resolver(ImageStore store) {
    return resolver(store, PullPolicy.MISSING, RuntimeConfig.EMPTY, Platform.DEFAULT, Map.of(), Progress.NONE);
  }

  static ImageResolver resolver(ImageStore store, PullPolicy policy, RuntimeConfig config, Platform platform,
      Map<String, String> environment, Progress progress) {
    return resolver(store, NetworkTimeouts.DEFAULT, environment, progress, policy, config, platform);
  }

  static ImageResolver resolver(ImageStore store, NetworkTimeouts timeouts) {
    return resolver(store, timeouts, Map.of(), Progress.NONE, PullPolicy.MISSING, RuntimeConfig.EMPTY, Platform.DEFAULT);
  }

  private static ImageResolver resolver(ImageStore store, NetworkTimeouts timeouts, Map<String, String> environment,
      Progress progress, PullPolicy policy, RuntimeConfig config, Platform platform) {
    return new ImageResolver(store, new FetchSettings(policy, platform, RegistryAccess.load(Set.of(), timeouts, environment),
        UserCache.directory(environment)), new ImportOptions(config, platform, SourceDateEpoch.from(environment)), progress);
  }

  static ImageSource source(String text) {
    try {
      return ImageSource.parse(text, ImageSource.Syntax.COMMAND_LINE);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ImageReference reference(String text) {
    try {
      return ImageReference.parse(text);
    } catch (InvalidReferenceException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String run(Path dir, String... command) {
    return StreamTestSupport.run(dir, command);
  }

  /** What {@code skopeo inspect oci:STORE:NAME} says of an image (skopeo reads the store as an OCI layout). */
  static JsonNode skopeoInspect(ImageStore store, String name) {
    return json(run(store.root(), "skopeo", "inspect", "oci:" + store.root() + ":" + name));
  }

  static JsonNode skopeoConfig(ImageStore store, String name) {
    return json(run(store.root(), "skopeo", "inspect", "--config", "oci:" + store.root() + ":" + name));
  }

  /** {@code tar -tv} of one of the image's layers (GNU tar detects the compression). */
  static String layerListing(StoredImage image, int layer) {
    Path blob = image.store().blobPath(image.manifest().layers().get(layer).digest());
    return run(blob.getParent(), "tar", "--numeric-owner", "-tvf", blob.toString());
  }

  static JsonNode json(String text) {
    try {
      return OciJson.mapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
