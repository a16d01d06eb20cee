package dev.imgc.spec.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.Locale;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;

/** Gives a plain YAML scalar its type by the YAML 1.2 core schema (as LinuxKit's YAML library does). */
public final class ScalarTypes {
  /** Without merge keys: YAML 1.2 has none, and '<<' is an ordinary string to LinuxKit too. */
  private static final CoreScalarResolver RESOLVER = new CoreScalarResolver(false);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ScalarTypes() {}

  /** The JSON value of a plain (unquoted) scalar. */
  public static JsonNode plain(String text) {
    return typed(RESOLVER.resolve(text, true), text);
  }

  /** The JSON value of {@code text} read as the core-schema type {@code tag}; a string otherwise. */
  static JsonNode typed(Tag tag, String text) {
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(text.toLowerCase(Locale.ROOT).equals("true"));
    }
    if (tag.equals(Tag.INT)) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT)) {
      return floating(text);
    }
    return NODES.textNode(text);
  }

  private static JsonNode integer(String text) {
    String digits = text.startsWith("+") ? text.substring(1) : text;
    BigInteger value;
    try {
      if (digits.startsWith("0x")) {
        value = new BigInteger(digits.substring(2), 16);
      } else if (digits.startsWith("0o")) {
        value = new BigInteger(digits.substring(2), 8);
      } else {
        value = new BigInteger(digits);
      }
    } catch (NumberFormatException e) {
      return NODES.textNode(text);
    }
    return value.bitLength() < 64 ? NODES.numberNode(value.longValue()) : NODES.numberNode(value);
  }

  private static JsonNode floating(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".inf")) {
      return NODES.numberNode(lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    if (lower.equals(".nan")) {
      return NODES.numberNode(Double.NaN);
    }
    try {
      return NODES.numberNode(Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return NODES.textNode(text);
    }
  }
}
