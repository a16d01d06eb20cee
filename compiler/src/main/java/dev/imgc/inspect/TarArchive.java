package dev.imgc.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar archive: listed as it is, or, when it is an OCI image archive ({@code oci-layout} and
 * {@code index.json} at its root), as the image it holds: each manifest, its config, and the
 * entries of each layer.
 */
final class TarArchive {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";
  private static final String DOCKER_LIST_MEDIA_TYPE = "application/vnd.docker.distribution.manifest.list.v2+json";

  private TarArchive() {}

  static void read(InputStream in, String suffix, StreamSource source, ReadScope scope)
      throws IOException, InspectException {
    // the blobs of an OCI archive are listed as its layers: what the first reading found nested in them is dropped
    ReadScope first = source == null ? scope : scope.detached();
    TarReader.Result tar = TarReader.read(in, "tar" + suffix, first);
    Map<String, byte[]> files = tar.smallFiles();
    if (source == null || !files.containsKey("oci-layout") || !files.containsKey("index.json")) {
      first.add(tar.part());
      if (first != scope) {
        scope.adopt(first);
      }
      return;
    }
    PartBuilder image = scope.part("oci image" + suffix);
    List<Layer> layers = new ArrayList<>();
    for (JsonNode descriptor : json(files, "index.json").path("manifests")) {
      addManifests(descriptor, files, image, layers);
    }
    scope.add(image.build());
    readLayers(source, layers, scope);
  }

  /** A layer to list: its blob's path in the archive, the title of its part, and its location ({@code layer-N}). */
  private record Layer(String blobPath, String title, String location) {}

  private static void addManifests(JsonNode descriptor, Map<String, byte[]> files, PartBuilder image,
      List<Layer> layers) throws IOException, InspectException {
    String digest = descriptor.path("digest").asText();
    JsonNode blob = json(files, blobPath(digest));
    String mediaType = descriptor.path("mediaType").asText(blob.path("mediaType").asText());
    if (mediaType.equals(INDEX_MEDIA_TYPE) || mediaType.equals(DOCKER_LIST_MEDIA_TYPE)) {
      for (JsonNode inner : blob.path("manifests")) {
        addManifests(inner, files, image, layers);
      }
      return;
    }
    Row.Builder manifest = Row.builder().put("manifest", digest);
    String ref = descriptor.path("annotations").path("org.opencontainers.image.ref.name").asText("");
    if (!ref.isEmpty()) {
      manifest.put("ref", ref);
    }
    image.row(manifest.put("size", descriptor.path("size").asLong()).build());
    String configDigest = blob.path("config").path("digest").asText();
    JsonNode config = json(files, blobPath(configDigest));
    image.row(Row.builder().put("config", configDigest)
        .put("architecture", config.path("architecture").asText())
        .put("os", config.path("os").asText()).build());
    int number = 0;
    for (JsonNode layer : blob.path("layers")) {
      number++;
      String layerDigest = layer.path("digest").asText();
      image.row(Row.builder().put("layer", number).put("digest", layerDigest)
          .put("media-type", layer.path("mediaType").asText()).put("size", layer.path("size").asLong()).build());
      layers.add(new Layer(blobPath(layerDigest), "layer " + number + " " + layerDigest, "layer-" + (layers.size() + 1)));
    }
  }

  /** Reads the archive a second time and lists each layer, in the manifests' order. */
  private static void readLayers(StreamSource source, List<Layer> layers, ReadScope scope)
      throws IOException, InspectException {
    Map<String, Part> byBlob = new TreeMap<>();
    try (InputStream in = source.open()) {
      TarArchiveInputStream tar = new TarArchiveInputStream(new FullySkipping(in), "UTF-8");
      for (TarArchiveEntry entry; (entry = ArchiveHeaders.next(tar, "tar")) != null; ) {
        String path = EntryPaths.normalize(entry.getName());
        for (Layer layer : layers) {
          if (layer.blobPath().equals(path) && !byBlob.containsKey(path)) {
            byBlob.put(path, readLayer(new BufferedInputStream(tar), layer.title(), scope.within(layer.location())));
          }
        }
      }
    }
    for (Layer layer : layers) {
      Part part = byBlob.get(layer.blobPath());
      if (part == null) {
        throw new InspectException("is an OCI image archive without the blob " + layer.blobPath() + " its manifest names");
      }
      scope.add(part);
    }
  }

  private static Part readLayer(InputStream blob, String title, ReadScope layerScope) throws IOException {
    Magic format = Magic.peek(blob);
    InputStream plain = blob;
    String titled = title;
    if (Compressions.isCompression(format)) {
      plain = Compressions.open(format, blob, layerScope.budget());
      titled = title + " (" + Compressions.name(format) + ")";
    }
    return TarReader.read(plain, titled, layerScope).part();
  }

  private static String blobPath(String digest) throws InspectException {
    int colon = digest.indexOf(':');
    if (colon < 1 || digest.indexOf('/') >= 0 || digest.contains("..")) {
      throw new InspectException("is an OCI image archive naming the malformed digest \"" + SafeText.escape(digest) + "\"");
    }
    return "blobs/" + digest.substring(0, colon) + "/" + digest.substring(colon + 1);
  }

  private static JsonNode json(Map<String, byte[]> files, String path) throws InspectException {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new InspectException("is an OCI image archive without " + path + ", or with one too large to be JSON");
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new InspectException("is an OCI image archive whose " + path + " is not valid JSON");
    }
  }
}
