package dev.imgc.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rebuilds a store's {@code index.json} from its blobs. Every intact blob that is a manifest or an
 * index, and that no other index in the store lists, becomes an entry: named as the damaged
 * {@code index.json} still names it where its text can be read, else as the manifest's own
 * {@code org.opencontainers.image.ref.name} annotation says, else left unnamed (listed by digest).
 * Nothing is deleted: a blob damaged on disk is reported and left for {@code imgc image prune}.
 */
final class IndexRepair {
  /** An index entry as imgc and other OCI tools write it: its digest, then within the same object its name. */
  private static final Pattern NAMED_ENTRY = Pattern.compile(
      "\"digest\"\\s*:\\s*\"sha256:([0-9a-f]{64})\"[^{}]*?\"annotations\"\\s*:\\s*\\{[^{}]*?\""
          + Pattern.quote(Descriptor.REF_NAME) + "\"\\s*:\\s*\"([^\"]+)\"");
  /** Manifests and indexes are small; a larger blob is a layer, not read as JSON. */
  private static final long MAX_JSON = 4 << 20;

  private final ImageStore store;

  IndexRepair(ImageStore store) {
    this.store = store;
  }

  /** What a repair found: the index's new entries, and the blobs that are damaged on disk. */
  record Result(List<Descriptor> entries, List<Digest> corrupt) {}

  /** @param damagedIndex the old {@code index.json}'s bytes, whatever of them can be read, or none */
  Result rebuild(byte[] damagedIndex) throws IOException {
    Map<Digest, Descriptor> candidates = new LinkedHashMap<>();
    Set<Digest> listed = new HashSet<>();
    List<Digest> corrupt = new ArrayList<>();
    List<Path> blobs;
    try (Stream<Path> listing = Files.list(store.blobDirectory())) {
      blobs = listing.filter(blob -> blob.getFileName().toString().matches("[0-9a-f]{64}")).sorted().toList();
    }
    for (Path blob : blobs) {
      Digest digest = new Digest(blob.getFileName().toString());
      if (!Digest.ofFile(blob).equals(digest)) {
        corrupt.add(digest);
        continue;
      }
      long size = Files.size(blob);
      Optional<JsonNode> json = size <= MAX_JSON ? readJson(blob) : Optional.empty();
      json.flatMap(IndexRepair::mediaType).ifPresent(mediaType -> {
        Descriptor entry = new Descriptor(mediaType, digest, size);
        candidates.put(digest, manifestName(json.get()).map(name -> entry.withAnnotations(Map.of(Descriptor.REF_NAME, name)))
            .orElse(entry));
        if (MediaTypes.isIndex(mediaType)) {
          json.get().path("manifests").forEach(m -> listedDigest(m).ifPresent(listed::add));
        }
      });
    }
    Map<Digest, Set<String>> names = namesIn(damagedIndex);
    List<Descriptor> entries = new ArrayList<>();
    for (Descriptor candidate : candidates.values()) {
      Set<String> named = names.getOrDefault(candidate.digest(), Set.of());
      if (!named.isEmpty()) {
        named.forEach(name -> entries.add(candidate.withoutAnnotations().withAnnotations(Map.of(Descriptor.REF_NAME, name))));
      } else if (!listed.contains(candidate.digest())) {
        entries.add(candidate);
      }
    }
    return new Result(entries, corrupt);
  }

  private static Optional<JsonNode> readJson(Path blob) {
    try {
      byte[] bytes = Files.readAllBytes(blob);
      return bytes.length > 0 && bytes[0] == '{' ? Optional.of(OciJson.mapper().readTree(bytes)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // not JSON: a layer or other content
    }
  }

  /** The media type of a manifest or index (named, or known by its fields as OCI's may be), else empty. */
  private static Optional<String> mediaType(JsonNode json) {
    String named = json.path("mediaType").asText("");
    if (MediaTypes.isManifest(named) || MediaTypes.isIndex(named)) {
      return Optional.of(named);
    } else if (named.isEmpty() && json.path("schemaVersion").asInt() == 2 && json.has("config") && json.has("layers")) {
      return Optional.of(MediaTypes.OCI_MANIFEST);
    } else if (named.isEmpty() && json.path("schemaVersion").asInt() == 2 && json.has("manifests")) {
      return Optional.of(MediaTypes.OCI_INDEX);
    }
    return Optional.empty();
  }

  private static Optional<String> manifestName(JsonNode json) {
    return Optional.of(json.path("annotations").path(Descriptor.REF_NAME).asText("")).filter(name -> !name.isEmpty());
  }

  private static Optional<Digest> listedDigest(JsonNode descriptor) {
    String digest = descriptor.path("digest").asText("");
    return digest.matches("sha256:[0-9a-f]{64}") ? Optional.of(Digest.parse(digest)) : Optional.empty();
  }

  /** The names the damaged index's readable text gives each digest. */
  private static Map<Digest, Set<String>> namesIn(byte[] damagedIndex) {
    Map<Digest, Set<String>> names = new LinkedHashMap<>();
    Matcher entry = NAMED_ENTRY.matcher(new String(damagedIndex, StandardCharsets.UTF_8));
    while (entry.find()) {
      names.computeIfAbsent(new Digest(entry.group(1)), d -> new TreeSet<>()).add(entry.group(2));
    }
    return names;
  }
}
