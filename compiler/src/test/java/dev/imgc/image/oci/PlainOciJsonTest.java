package dev.imgc.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The streaming reader of the store's documents reads what the mapper reads, and leaves it the rest. */
class PlainOciJsonTest {
  private static final String D1 = "sha256:" + "1".repeat(64);
  private static final String D2 = "sha256:" + "2".repeat(64);
  /** An index with every member the model reads set, and more than it reads. */
  private static final String FULL_INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
      + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + D1 + "\",\"size\":407,"
      + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"docker.io/bench/kernel:1\"}},"
      + "{\"mediaType\":\"m\",\"digest\":\"" + D2 + "\",\"size\":5000000000,\"platform\":{\"architecture\":\"arm64\","
      + "\"os\":\"linux\",\"variant\":\"v8\",\"os.features\":[\"x\"]},\"urls\":[\"http://x\"]}],"
      + "\"annotations\":{\"b\":\"2\",\"a\":\"1\"},\"unknown\":{\"deep\":[1,{\"x\":null}]}}";
  private static final String FULL_MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
      + "\"artifactType\":\"a\",\"config\":{\"mediaType\":\"c\",\"digest\":\"" + D1 + "\",\"size\":3},"
      + "\"layers\":[{\"mediaType\":\"l\",\"digest\":\"" + D2 + "\",\"size\":9}],\"annotations\":{\"k\":\"v\"}}";
  private static final String FULL_CONFIG = "{\"created\":\"2024-01-01T00:00:00Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"variant\":\"v1\","
      + "\"config\":{\"User\":\"1000\",\"Env\":[\"PATH=/bin\",\"A=\\\"b\\u00e9\\\"\"],\"Entrypoint\":[\"/init\"],\"Cmd\":[],"
      + "\"WorkingDir\":\"/\",\"Labels\":{\"z\":\"1\",\"a\":\"2\"},\"ExposedPorts\":{\"80/tcp\":{}}},"
      + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + D1 + "\",\"" + D2 + "\"]},"
      + "\"history\":[{\"created\":\"c\",\"created_by\":\"imgc\",\"empty_layer\":true},{\"comment\":\"x\"}]}";

  private static <T> Optional<T> plain(String json, Class<T> type) {
    return PlainOciJson.read(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private static <T> T mapped(String json, Class<T> type) throws IOException {
    return OciJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), type);
  }

  private static <T> void readsAsTheMapper(String json, Class<T> type) throws IOException {
    Optional<T> read = plain(json, type);
    assertTrue(read.isPresent(), "plain: " + json);
    assertEquals(mapped(json, type), read.get(), json);
  }

  /**
   * Notes in {@code set} which members of each record type {@code value} and the records it holds set.
   * With the fullest samples below setting every member somewhere, this proves the reader knows every
   * member: one added to a record and not to the reader (which skips a name it does not know) fails.
   */
  private static void noteMembersSet(Object value, Map<Class<?>, Set<String>> set) throws ReflectiveOperationException {
    if (value instanceof List<?> list) {
      for (Object element : list) {
        noteMembersSet(element, set);
      }
    } else if (value instanceof Record record) {
      for (RecordComponent member : record.getClass().getRecordComponents()) {
        Object held = member.getAccessor().invoke(record);
        Set<String> names = set.computeIfAbsent(record.getClass(), type -> new TreeSet<>());
        if (held != null) {
          names.add(member.getName());
          noteMembersSet(held, set);
        }
      }
    }
  }

  @Test
  void theFullestSamplesSetEveryMember() throws Exception {
    Map<Class<?>, Set<String>> set = new HashMap<>();
    noteMembersSet(plain(FULL_INDEX, Index.class).orElseThrow(), set);
    noteMembersSet(plain(FULL_MANIFEST, Manifest.class).orElseThrow(), set);
    noteMembersSet(plain(FULL_CONFIG, ImageConfig.class).orElseThrow(), set);
    assertEquals(Set.of(Index.class, Manifest.class, ImageConfig.class, Descriptor.class, Platform.class,
        RuntimeConfig.class, ImageConfig.RootFs.class, ImageConfig.History.class), set.keySet());
    set.forEach((type, names) -> assertEquals(
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.toCollection(TreeSet::new)),
        names, type.getSimpleName() + ": members the samples do not set, or the reader does not read"));
  }

  @Test
  void readsAStoresIndexAsTheMapperDoes() throws IOException {
    readsAsTheMapper(FULL_INDEX, Index.class);
    readsAsTheMapper("{\"schemaVersion\":2,\"manifests\":[]}", Index.class);
    readsAsTheMapper("{}", Index.class);
  }

  @Test
  void readsManifestsAndConfigsAsTheMapperDoes() throws IOException {
    readsAsTheMapper(FULL_MANIFEST, Manifest.class);
    readsAsTheMapper(FULL_CONFIG, ImageConfig.class);
    readsAsTheMapper("{\"config\":{}}", ImageConfig.class);
  }

  @Test
  void leavesAnythingButThePlainShapeToTheMapper() throws IOException {
    List<String> unusual = List.of(
        "{\"schemaVersion\":\"2\",\"manifests\":[]}", // a number as text, which the mapper converts
        "{\"schemaVersion\":2.0}",
        "{\"mediaType\":null}",
        "{\"mediaType\":1}",
        "{\"manifests\":[null]}",
        "{\"manifests\":[{\"size\":\"407\"}]}",
        "{\"schemaVersion\":1,\"schemaVersion\":2}", // which one the mapper takes is the mapper's business
        "{\"annotations\":{\"a\":null}}",
        "[]",
        "null",
        "{\"manifests\":[{\"digest\":\"md5:x\"}]}",
        "{\"manifests\":");
    for (String json : unusual) {
      assertEquals(Optional.empty(), plain(json, Index.class), json);
    }
    assertEquals(2, OciJson.read("{\"schemaVersion\":\"2\"}".getBytes(StandardCharsets.UTF_8), Index.class, "x").schemaVersion(),
        "the mapper's reading stands");
    IOException bad = assertThrows(IOException.class,
        () -> OciJson.read("{\"manifests\":".getBytes(StandardCharsets.UTF_8), Index.class, "the index"));
    assertTrue(bad.getMessage().startsWith("the index is not valid JSON: "), bad.getMessage());
    assertEquals(Optional.empty(), plain("{\"Env\":\"A=b\"}", RuntimeConfig.class), "only the store's three documents");
  }
}
