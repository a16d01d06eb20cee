package dev.imgc.image.store;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Index;
import dev.imgc.image.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Someone else's OCI image layout directory, read only (imgc never writes to an import's source). */
public final class OciLayoutDirectory implements BlobSource {
  private final Path root;

  public OciLayoutDirectory(Path root) {
    this.root = root;
  }

  /**
   * The index entry named {@code tag} ({@code org.opencontainers.image.ref.name}), or the only entry
   * when no tag is given.
   */
  public Descriptor find(Optional<String> tag) throws IOException {
    Path indexFile = root.resolve("index.json");
    if (!Files.isRegularFile(root.resolve("oci-layout")) || !Files.isRegularFile(indexFile)) {
      throw new ImageException(root + " is not an OCI image layout (it has no oci-layout and index.json)");
    }
    List<Descriptor> entries = OciJson.read(Files.readAllBytes(indexFile), Index.class, indexFile.toString()).manifests();
    if (tag.isPresent()) {
      return entries.stream().filter(d -> d.refName().equals(tag)).findFirst().orElseThrow(() ->
          new ImageException("the OCI layout " + root + " has no image named '" + tag.get() + "'; it has "
              + entries.stream().map(d -> d.refName().orElse("(unnamed)")).toList()));
    }
    if (entries.size() != 1) {
      throw new ImageException("the OCI layout " + root + " holds " + entries.size()
          + " images; name one with oci:" + root + ":NAME");
    }
    return entries.get(0);
  }

  @Override
  public InputStream open(Descriptor descriptor) throws IOException {
    Path blob = root.resolve("blobs").resolve("sha256").resolve(descriptor.digest().hex());
    try {
      return Files.newInputStream(blob);
    } catch (NoSuchFileException e) {
      throw new ImageException("the OCI layout " + root + " lacks the blob " + descriptor.digest());
    }
  }

  @Override
  public String name() {
    return "OCI layout " + root;
  }
}
