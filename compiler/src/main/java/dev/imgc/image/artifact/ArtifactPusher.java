package dev.imgc.image.artifact;

import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pushes output files as an {@link ApplianceArtifact}: the empty config and each file's blob (skipped
 * when the repository has it), then the manifest under the tag. Readers see the tag only once every
 * blob is there, so a push cut short never leaves an artifact that names a missing file.
 */
public final class ArtifactPusher {
  private final RegistryClient client;
  private final Progress progress;

  public ArtifactPusher(RegistryClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /** Pushes {@code files} with {@code annotations} on the manifest as {@code tag}; returns the manifest's descriptor. */
  public Descriptor push(String tag, List<OutputFile> files, Map<String, String> annotations) throws IOException {
    Map<Digest, Path> paths = new HashMap<>();
    List<Descriptor> layers = new ArrayList<>();
    for (OutputFile file : files) {
      Digest digest = Digest.ofFile(file.path());
      paths.put(digest, file.path());
      layers.add(new Descriptor(ApplianceArtifact.FILE_MEDIA_TYPE, digest, Files.size(file.path()),
          new TreeMap<>(Map.of(ApplianceArtifact.TITLE, file.fileName(), ApplianceArtifact.FORMAT, file.format())), null));
    }
    BlobSource source = new BlobSource() {
      @Override
      public InputStream open(Descriptor descriptor) throws IOException {
        return descriptor.digest().equals(ApplianceArtifact.EMPTY_CONFIG.digest())
            ? new ByteArrayInputStream(ApplianceArtifact.EMPTY_JSON) : Files.newInputStream(paths.get(descriptor.digest()));
      }

      @Override
      public String name() {
        return "the output files";
      }
    };
    List<Descriptor> blobs = new ArrayList<>(layers);
    blobs.add(0, ApplianceArtifact.EMPTY_CONFIG);
    for (Descriptor blob : blobs) {
      if (!client.hasBlob(blob.digest())) {
        client.pushBlob(blob, source, progress);
      }
    }
    Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, ApplianceArtifact.ARTIFACT_TYPE, ApplianceArtifact.EMPTY_CONFIG,
        layers, new TreeMap<>(annotations));
    byte[] bytes = OciJson.write(manifest);
    Descriptor descriptor = new Descriptor(MediaTypes.OCI_MANIFEST, Digest.of(bytes), bytes.length);
    client.putManifest(tag, descriptor, bytes);
    return descriptor;
  }
}
