package dev.imgc.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The canonical lines are byte for byte what Jackson, which made plan digests before, writes. */
class JsonLineTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void everyCharacterIsWrittenAsJacksonWritesIt() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0xE000; c++) { // the surrogates, 0xD800 to 0xDFFF, included
      all.append(c);
      assertSame(String.valueOf(c));
    }
    assertSame(all.toString());
    assertSame("usr/share/zoneinfo/Amérique/Saint-Barthélemy ☃ 𝄞 日本語 \u2028\u2029\uFEFF\uFFFD");
    assertSame("");
  }

  @Test
  void numbersBooleansAndNestedArraysAreWrittenAsJacksonWritesThem() throws Exception {
    JsonLine ours = new JsonLine().add("file").add(0755).add(-1).add(Long.MAX_VALUE).add(true).add(false)
        .add(new JsonLine().add("user.x").add("v\"1")).add(new JsonLine());
    ArrayNode theirs = JACKSON.createArrayNode().add("file").add(0755).add(-1).add(Long.MAX_VALUE).add(true).add(false);
    theirs.addArray().add("user.x").add("v\"1");
    theirs.addArray();
    assertArrayEquals(jackson(theirs), ours.bytes());
  }

  private static void assertSame(String text) throws Exception {
    assertArrayEquals(jackson(JACKSON.createArrayNode().add(text).add(text)), new JsonLine().add(text).add(text).bytes(),
        () -> "for " + text.chars().mapToObj(Integer::toHexString).toList());
  }

  private static byte[] jackson(ArrayNode line) throws Exception {
    return (new String(JACKSON.writeValueAsBytes(line), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
  }
}
