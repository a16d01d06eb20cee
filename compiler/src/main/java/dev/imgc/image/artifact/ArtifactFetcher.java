package dev.imgc.image.artifact;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.registry.RegistryClient;
import dev.imgc.image.store.Progress;
import dev.imgc.image.store.ProgressInputStream;
import dev.imgc.io.AtomicFiles;
import dev.imgc.io.TemporaryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an {@link ApplianceArtifact} back: its manifest, checked to be one, then its files, each
 * downloaded to a temporary file beside its place, checked against its digest and size, and renamed
 * into place only when every file has arrived intact: all the files, or none.
 */
public final class ArtifactFetcher {
  private final RegistryClient client;
  private final Progress progress;

  public ArtifactFetcher(RegistryClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /** The artifact {@code reference} (a tag or digest) names, or empty if the repository has no such tag. */
  public Optional<Manifest> find(String reference) throws IOException {
    Optional<RegistryClient.Resolved> resolved = client.find(reference);
    if (resolved.isEmpty()) {
      return Optional.empty();
    }
    Manifest manifest;
    try {
      manifest = OciJson.mapper().readValue(resolved.get().bytes(), Manifest.class);
    } catch (IOException e) {
      throw new ImageException(client.registry() + "/" + client.repository() + ":" + reference + " is not a manifest: " + e.getMessage());
    }
    if (!ApplianceArtifact.ARTIFACT_TYPE.equals(manifest.artifactType())) {
      throw new ImageException(client.registry() + "/" + client.repository() + ":" + reference + " is not an imgc artifact (its "
          + "artifactType is " + Optional.ofNullable(manifest.artifactType()).orElse("missing") + ", not " + ApplianceArtifact.ARTIFACT_TYPE + ")");
    }
    return Optional.of(manifest);
  }

  /** The files of {@code manifest} by file name, each checked to be a plain name, none twice. */
  public static Map<String, Descriptor> files(Manifest manifest) {
    Map<String, Descriptor> files = new LinkedHashMap<>();
    for (Descriptor layer : manifest.layers()) {
      String name = layer.annotations().get(ApplianceArtifact.TITLE);
      if (!ApplianceArtifact.isPlainFileName(name)) {
        throw new ImageException("the artifact names a file '" + name + "', which is not a plain file name; it is not written");
      }
      if (files.put(name, layer) != null) {
        throw new ImageException("the artifact names the file " + name + " twice");
      }
    }
    return files;
  }

  /** Writes the files of {@code manifest} into {@code directory}; returns them in the manifest's order. */
  public List<Path> download(Manifest manifest, Path directory) throws IOException {
    Map<String, Descriptor> files = files(manifest);
    TemporaryFiles temporaries = TemporaryFiles.sweptIn(directory);
    Map<Path, Path> arrived = new LinkedHashMap<>();
    Set<Path> pending = new HashSet<>();
    try {
      for (Map.Entry<String, Descriptor> file : files.entrySet()) {
        Path temporary = temporaries.createFile("." + file.getKey() + ".", ".part");
        pending.add(temporary);
        fetchInto(file.getValue(), file.getKey(), temporary);
        arrived.put(temporary, directory.resolve(file.getKey()));
      }
      List<Path> written = new ArrayList<>();
      for (Map.Entry<Path, Path> file : arrived.entrySet()) {
        AtomicFiles.moveIntoPlace(file.getKey(), file.getValue(), temporaries);
        pending.remove(file.getKey());
        written.add(file.getValue());
      }
      return written;
    } finally {
      for (Path left : pending) {
        temporaries.delete(left);
      }
    }
  }

  private void fetchInto(Descriptor blob, String fileName, Path target) throws IOException {
    MessageDigest hasher = Digest.newHasher();
    long size = 0;
    try (InputStream in = ProgressInputStream.step(client.blobs().open(blob), progress, "fetching " + fileName, blob.size());
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        size += n;
        if (size > blob.size()) {
          break;
        }
        hasher.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
    }
    Digest digest = Digest.fromHash(hasher.digest());
    if (size != blob.size() || !digest.equals(blob.digest())) {
      throw new ImageException("the registry " + client.registry() + " sent " + fileName + " damaged (" + (size != blob.size()
          ? "more or fewer bytes than the " + blob.size() + " its manifest gives" : "its digest is " + digest + ", not " + blob.digest())
          + "); nothing was written");
    }
  }
}
