package dev.imgc.image.importer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.Index;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.layer.MemberPath;
import dev.imgc.image.layer.TarMember;
import dev.imgc.image.layer.TarStream;
import dev.imgc.image.oci.Manifest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.BlobWriter;
import dev.imgc.image.store.ImageCopier;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.OciLayoutDirectory;
import dev.imgc.image.store.Progress;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Imports the images other tools write: {@code oci} (an OCI layout directory), {@code oci-archive}
 * (the same in a tar) and {@code docker-archive} ({@code docker save}). An archive is read once, front to back: every member
 * that may be a blob goes straight into the store (verified when it is named by its digest), and the
 * archive's own index is read to choose the image. Blobs of images not chosen are left for
 * {@code imgc image prune}.
 */
public final class ForeignImageImporter {
  private static final int MAX_JSON = 16 << 20;

  private final ImageStore store;
  private final ImportOptions options;
  private final Progress progress;

  public ForeignImageImporter(ImageStore store, ImportOptions options, Progress progress) {
    this.store = store;
    this.options = options;
    this.progress = progress;
  }

  /** What one pass over the archive found: the member files stored as blobs, and the two index files. */
  private record Members(Map<String, Descriptor> blobs, Optional<byte[]> ociIndex, Optional<byte[]> dockerManifest) {}

  public Descriptor ociArchive(Path file, Optional<String> tag) throws IOException {
    Members members = read(file);
    byte[] indexBytes = members.ociIndex().orElseThrow(() ->
        new ImageException(file + " is not an OCI archive: it has no index.json"));
    List<Descriptor> entries = OciJson.read(indexBytes, Index.class, file + " index.json").manifests();
    Descriptor chosen;
    if (tag.isPresent()) {
      chosen = entries.stream().filter(d -> d.refName().equals(tag)).findFirst().orElseThrow(() ->
          new ImageException("the OCI archive " + file + " has no image named '" + tag.get() + "'"));
    } else if (entries.size() == 1) {
      chosen = entries.get(0);
    } else {
      throw new ImageException("the OCI archive " + file + " holds " + entries.size() + " images; name one with oci-archive:" + file + ":NAME");
    }
    Descriptor root = new Descriptor(chosen.mediaType(), chosen.digest(), chosen.size());
    Descriptor manifest = new ImageCopier(store, progress).copy(store, root, options.platform(), "oci-archive:" + file);
    return ConfigOverride.apply(store, manifest, options.config(), "oci-archive:" + file);
  }

  /** An OCI layout directory, read in place; its blobs are copied verbatim and verified. */
  public Descriptor ociLayout(Path dir, Optional<String> tag) throws IOException {
    OciLayoutDirectory layout = new OciLayoutDirectory(dir);
    Descriptor found = layout.find(tag);
    Descriptor root = new Descriptor(found.mediaType(), found.digest(), found.size());
    Descriptor manifest = new ImageCopier(store, progress).copy(layout, root, options.platform(), "oci:" + dir);
    return ConfigOverride.apply(store, manifest, options.config(), "oci:" + dir);
  }

  /** {@code docker save} output: {@code manifest.json} lists each image's config and layer files. */
  public Descriptor dockerArchive(Path file, Optional<String> tag) throws IOException {
    Members members = read(file);
    byte[] manifestBytes = members.dockerManifest().orElseThrow(() ->
        new ImageException(file + " is not a docker-archive: it has no manifest.json"));
    List<DockerImage> images = OciJson.mapper().readValue(manifestBytes, new TypeReference<List<DockerImage>>() {});
    DockerImage image = chooseDockerImage(images, tag, file);
    Descriptor config = blob(members, image.config(), MediaTypes.OCI_CONFIG, file);
    List<Descriptor> layers = new ArrayList<>();
    for (String layer : image.layers()) {
      Descriptor stored = members.blobs().get(layer);
      layers.add(blob(members, layer, layerMediaType(stored), file));
    }
    Descriptor manifest = store.putJson(MediaTypes.OCI_MANIFEST, Manifest.oci(config, layers));
    return ConfigOverride.apply(store, manifest, options.config(), "docker-archive:" + file);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  private record DockerImage(
      @JsonProperty("Config") String config,
      @JsonProperty("RepoTags") List<String> repoTags,
      @JsonProperty("Layers") List<String> layers) {}

  private static DockerImage chooseDockerImage(List<DockerImage> images, Optional<String> tag, Path file) {
    if (tag.isPresent()) {
      return images.stream().filter(i -> i.repoTags() != null && i.repoTags().contains(tag.get())).findFirst()
          .orElseThrow(() -> new ImageException("the docker-archive " + file + " has no image tagged '" + tag.get() + "'"));
    }
    if (images.size() != 1) {
      throw new ImageException("the docker-archive " + file + " holds " + images.size() + " images; name one with docker-archive:" + file + ":REPO:TAG");
    }
    return images.get(0);
  }

  private static Descriptor blob(Members members, String name, String mediaType, Path file) {
    Descriptor stored = members.blobs().get(name);
    if (stored == null) {
      throw new ImageException("the docker-archive " + file + " names " + name + " in manifest.json but does not hold it");
    }
    return new Descriptor(mediaType, stored.digest(), stored.size());
  }

  private String layerMediaType(Descriptor stored) throws IOException {
    if (stored == null) {
      return MediaTypes.OCI_LAYER;
    }
    try (InputStream in = new BufferedInputStream(store.openBlob(stored, "layer " + stored.digest()))) {
      byte[] head = in.readNBytes(2);
      return head.length == 2 && head[0] == 0x1f && head[1] == (byte) 0x8b ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
    }
  }

  private Members read(Path file) throws IOException {
    Map<String, Descriptor> blobs = new TreeMap<>();
    Map<String, byte[]> json = new TreeMap<>();
    try (InputStream raw = Files.newInputStream(file)) {
      TarStream.read(LayerCompression.decompress(raw), (member, content) -> {
        if (member.kind() != TarMember.Kind.FILE) {
          return;
        }
        String name = MemberPath.inside(member.name(), file.toString()).orElse("");
        if (name.equals("index.json") || name.equals("manifest.json")) {
          json.put(name, readSmall(content, name, file));
        } else if (!name.equals("oci-layout") && !name.equals("repositories")) {
          blobs.put(name, storeMember(content, name, member.size(), file));
        }
      });
    } catch (NoSuchFileException e) {
      throw new ImageException("the archive " + file + " does not exist");
    }
    return new Members(blobs, Optional.ofNullable(json.get("index.json")), Optional.ofNullable(json.get("manifest.json")));
  }

  /** Stores a member as a blob; one under {@code blobs/sha256/} must hash to its own name. */
  private Descriptor storeMember(InputStream in, String name, long size, Path file) throws IOException {
    progress.start(name, size);
    try (BlobWriter writer = store.newBlob()) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        writer.write(buffer, 0, n);
        progress.advance(n);
      }
      Digest digest = name.matches("blobs/sha256/[0-9a-f]{64}")
          ? writer.commit(new Digest(name.substring("blobs/sha256/".length())), size, name + " in " + file)
          : writer.commit();
      return new Descriptor(MediaTypes.OCI_LAYER, digest, size);
    } finally {
      progress.done();
    }
  }

  private static byte[] readSmall(InputStream in, String name, Path file) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (in.transferTo(out) > MAX_JSON) {
      throw new ImageException(name + " in " + file + " is too large to be an index");
    }
    return out.toByteArray();
  }
}
