package dev.imgc.image.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * The one JSON mapper of the image model. Its output is deterministic (record members in declared
 * order, map keys sorted, no whitespace), because the bytes it writes are hashed into digests.
 */
public final class OciJson {
  /**
   * The mapper, made on first use: building it (Jackson's date formats and type tables, about 30 ms of
   * a short compile's main thread) is wasted on a compile that only reads the store's own documents,
   * which {@link PlainOciJson} reads.
   */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  private static final class Mapper {
    static final ObjectMapper INSTANCE =
        JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  public static byte[] write(Object value) {
    try {
      return mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the image model always serialises", e);
    }
  }

  /** Reads {@code bytes} as {@code type}; malformed JSON is an {@link IOException} naming {@code what}. */
  public static <T> T read(byte[] bytes, Class<T> type, String what) throws IOException {
    Optional<T> plain = PlainOciJson.read(bytes, type);
    if (plain.isPresent()) {
      return plain.get();
    }
    try {
      return mapper().readValue(bytes, type);
    } catch (JsonProcessingException e) {
      throw new IOException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private OciJson() {}
}
