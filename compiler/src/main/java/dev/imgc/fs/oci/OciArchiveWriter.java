package dev.imgc.fs.oci;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.compress.ParallelGzipOutputStream;
import dev.imgc.fs.tar.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a root filesystem as an image archive ({@code NAME-oci.tar}) that both OCI and Docker tools
 * load: a tar holding an OCI image layout ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/})
 * and, for {@code docker load}, a Docker {@code manifest.json} naming the same config and layer blobs,
 * the way Docker's own {@code docker save} lays out its archives.
 *
 * <p>The image has one layer: the tree as a tar, gzip'd. The layer is compressed once, streamed into a
 * temporary file while both its digests are computed (the compressed one names the blob, the
 * uncompressed one is the config's {@code diff_id}), then copied into the archive; memory does not grow
 * with the tree. Every document is written with fixed key order and every time comes from
 * {@link OciImage#createdSeconds()}, so the digests, and the archive, depend on the inputs only.
 */
public final class OciArchiveWriter {
  static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  static final String INDEX_TYPE = "application/vnd.oci.image.index.v1+json";

  private OciArchiveWriter() {}

  /**
   * Writes the archive to {@code out} (left open); the compressed layer is staged in {@code workDir}
   * and deleted afterwards.
   */
  public static void write(List<? extends Entry> rootfs, OciImage image, Path workDir, OutputStream out)
      throws IOException {
    Path layerFile = Files.createTempFile(workDir, "layer-", ".tar.gz");
    try {
      Layer layer = writeLayer(rootfs, layerFile);
      byte[] config = utf8(config(image, layer.diffId()));
      Blob configBlob = new Blob(CONFIG_TYPE, sha256(config), config.length);
      byte[] manifest = utf8("{\"schemaVersion\":2,\"mediaType\":" + Json.string(MANIFEST_TYPE)
          + ",\"config\":" + configBlob.descriptor() + ",\"layers\":[" + layer.blob().descriptor() + "]}");
      Blob manifestBlob = new Blob(MANIFEST_TYPE, sha256(manifest), manifest.length);

      Metadata dirMeta = new Metadata(0755, 0, 0, image.createdSeconds());
      List<Entry> entries = new ArrayList<>();
      entries.add(new Entry.Directory("blobs", dirMeta));
      entries.add(new Entry.Directory("blobs/sha256", dirMeta));
      entries.add(new Entry.RegularFile(layer.blob().path(), fileMeta(image), layer.blob().size(),
          () -> Files.newInputStream(layerFile)));
      entries.add(bytesEntry(configBlob.path(), config, image));
      entries.add(bytesEntry(manifestBlob.path(), manifest, image));
      entries.add(bytesEntry("index.json", utf8(index(image, manifestBlob)), image));
      entries.add(bytesEntry("manifest.json", utf8(dockerManifest(image, configBlob, layer.blob())), image));
      entries.add(bytesEntry("oci-layout", utf8("{\"imageLayoutVersion\":\"1.0.0\"}"), image));
      entries.sort(Comparator.comparing(Entry::path));
      TarWriter.write(entries, out);
    } finally {
      Files.deleteIfExists(layerFile);
    }
  }

  private record Layer(Blob blob, String diffId) {}

  private static Layer writeLayer(List<? extends Entry> rootfs, Path file) throws IOException {
    MessageDigest compressed = sha256();
    MessageDigest uncompressed = sha256();
    try (OutputStream gzip = new ParallelGzipOutputStream(
        new DigestOutputStream(Files.newOutputStream(file), compressed));
        OutputStream tar = new DigestOutputStream(gzip, uncompressed)) {
      TarWriter.write(rootfs, tar);
    }
    HexFormat hex = HexFormat.of();
    return new Layer(new Blob(LAYER_TYPE, hex.formatHex(compressed.digest()), Files.size(file)),
        "sha256:" + hex.formatHex(uncompressed.digest()));
  }

  private static String config(OciImage image, String diffId) {
    return "{\"architecture\":" + Json.string(image.architecture())
        + ",\"config\":" + image.config().json()
        + ",\"created\":" + Json.string(Instant.ofEpochSecond(image.createdSeconds()).toString())
        + ",\"os\":" + Json.string(image.os())
        + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + Json.string(diffId) + "]}}";
  }

  private static String index(OciImage image, Blob manifest) {
    return "{\"schemaVersion\":2,\"mediaType\":" + Json.string(INDEX_TYPE) + ",\"manifests\":[{"
        + "\"mediaType\":" + Json.string(manifest.mediaType()) + ",\"digest\":" + Json.string(manifest.digest())
        + ",\"size\":" + manifest.size() + ",\"annotations\":{"
        + "\"io.containerd.image.name\":" + Json.string(image.reference())
        + ",\"org.opencontainers.image.ref.name\":" + Json.string(image.tag()) + "}}]}";
  }

  private static String dockerManifest(OciImage image, Blob config, Blob layer) {
    return "[{\"Config\":" + Json.string(config.path()) + ",\"RepoTags\":[" + Json.string(image.reference())
        + "],\"Layers\":[" + Json.string(layer.path()) + "]}]";
  }

  private static Metadata fileMeta(OciImage image) {
    return new Metadata(0644, 0, 0, image.createdSeconds());
  }

  private static Entry bytesEntry(String path, byte[] bytes, OciImage image) {
    return new Entry.RegularFile(path, fileMeta(image), bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
