package dev.imgc.plan.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The expected texts are what Go's json.MarshalIndent(v, "", "    ") prints (encoding/json's documented escaping). */
class GoJsonTest {
  private static String write(ObjectNode tree) {
    return new String(GoJson.write(tree), StandardCharsets.UTF_8);
  }

  @Test
  void nestsWithFourSpacesAndWritesEmptyContainersShort() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.putObject("empty");
    tree.putArray("none");
    tree.putArray("list").add(1).add(true);
    tree.put("max", new BigInteger("18446744073709551615"));
    assertEquals("{\n    \"empty\": {},\n    \"none\": [],\n    \"list\": [\n        1,\n        true\n    ],\n"
        + "    \"max\": 18446744073709551615\n}", write(tree));
  }

  @Test
  void escapesHtmlCharactersControlsAndLineSeparatorsAsGoDoes() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("s", "a<b>&\"\\\n\t\u0001\u2028é😀");
    assertEquals("{\n    \"s\": \"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\\u2028é😀\"\n}", write(tree));
  }

  @Test
  void writesALoneSurrogateAsTheReplacementCharacter() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.put("s", "x\uD800y");
    assertEquals("{\n    \"s\": \"x\\ufffdy\"\n}", write(tree));
  }
}
