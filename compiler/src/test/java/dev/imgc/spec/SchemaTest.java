package dev.imgc.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The JSON Schema of a spec ({@code schema/imgc.schema.json}, as shipped in the jar): well-formed,
 * documented for editors, and agreeing with the valid specs in {@code testdata/lint/valid}.
 *
 * <p>Specs are read here with a bare YAML-to-JSON conversion; positions and diagnostics belong to the
 * front end, which is tested on its own.
 */
class SchemaTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of(System.getProperty("imgc.repo", "."));
  private static final Path VALID_SPECS = REPO.resolve("testdata/lint/valid");
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).build();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
  private static final JsonNode SCHEMA_NODE = readShippedSchema();
  private static final JsonSchema SCHEMA = FACTORY.getSchema(SCHEMA_NODE, CONFIG);

  @Test
  void isValidAgainstTheDraft07MetaSchema() {
    JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of(SchemaId.V7), CONFIG);
    assertEquals(Set.of(), metaSchema.validate(SCHEMA_NODE));
    assertEquals("http://json-schema.org/draft-07/schema#", SCHEMA_NODE.get("$schema").asText());
  }

  @Test
  void metaSchemaCheckCanFail() {
    JsonNode broken = JSON.createObjectNode().put("type", "no-such-type");
    assertFalse(FACTORY.getSchema(SchemaLocation.of(SchemaId.V7), CONFIG).validate(broken).isEmpty());
  }

  @Test
  void everyPropertyAndDefinitionHasADescription() {
    assertEquals(List.of(), pointersWhere((pointer, schema) ->
        pointer.matches(".*/(properties|definitions)/[^/]+") && !hasText(schema.get("description"))));
  }

  /** The schema's capability names are the ones the capability check knows, for editors to offer. */
  @Test
  void theCapabilityEnumIsLinuxsCapabilities() {
    List<String> listed = new ArrayList<>();
    SCHEMA_NODE.at("/definitions/capability/anyOf/0/enum").forEach(v -> listed.add(v.asText()));
    assertEquals(dev.imgc.spec.model.LinuxCapabilities.ALL, listed);
  }

  /** Each rule a definition hands its values' reporting to exists, and the id is a stable https URL. */
  @Test
  void everyCheckedByRuleIsARuleAndTheIdIsStable() {
    List<String> rules = java.util.Arrays.stream(Rule.values()).map(Rule::id).toList();
    SCHEMA_NODE.get("definitions").forEach(definition -> {
      if (definition.has("x-imgc-rule")) {
        assertTrue(rules.contains(definition.get("x-imgc-rule").asText()), definition.get("x-imgc-rule").asText());
      }
    });
    assertEquals("https://imgc.dev/schema/imgc.schema.json", SCHEMA_NODE.get("$id").asText());
  }

  @Test
  void everyObjectWithPropertiesRejectsUnknownKeys() {
    assertEquals(List.of(), pointersWhere((pointer, schema) ->
        schema.has("properties") && schema.path("additionalProperties").asBoolean(true)));
  }

  @Test
  void everyReferenceResolvesAndEveryDefinitionIsUsed() {
    Set<String> referenced = new TreeSet<>();
    forEachSchema(SCHEMA_NODE, "", (pointer, schema) -> {
      if (schema.has("$ref")) {
        referenced.add(schema.get("$ref").asText());
      }
    });
    Set<String> defined = new TreeSet<>();
    SCHEMA_NODE.get("definitions").fieldNames().forEachRemaining(name -> defined.add("#/definitions/" + name));
    assertEquals(defined, referenced);
  }

  /** Editors offer {@code examples} as completions, so each must be a value its own field accepts. */
  @Test
  void everyExampleIsAValidValue() {
    List<String> wrong = new ArrayList<>();
    forEachSchema(SCHEMA_NODE, "", (pointer, schema) -> schema.path("examples").forEach(example -> {
      // the value's schema with the definitions its $refs name
      com.fasterxml.jackson.databind.node.ObjectNode standalone = schema.deepCopy();
      standalone.set("definitions", SCHEMA_NODE.get("definitions"));
      if (!FACTORY.getSchema(standalone, CONFIG).validate(example).isEmpty()) {
        wrong.add(pointer + ": " + example);
      }
    }));
    assertEquals(List.of(), wrong);
  }

  static Stream<Path> validSpecs() throws IOException {
    try (Stream<Path> files = Files.list(VALID_SPECS)) {
      return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("validSpecs")
  void validSpecPasses(Path spec) throws IOException {
    assertEquals(List.of(), describe(SCHEMA.validate(yamlFile(spec))), spec.toString());
  }

  /** The valid specs are the proof that the whole dialect is accepted, so they must use all of it. */
  @Test
  void validSpecsTogetherUseEveryField() throws IOException {
    Set<String> used = new TreeSet<>();
    for (Path spec : validSpecs().toList()) {
      collectUsedFields(yamlFile(spec), SCHEMA_NODE, "spec", used);
    }
    Set<String> declared = new TreeSet<>();
    SCHEMA_NODE.get("properties").fieldNames().forEachRemaining(name -> declared.add("spec." + name));
    SCHEMA_NODE.get("definitions").fields().forEachRemaining(definition -> definition.getValue().path("properties")
        .fieldNames().forEachRemaining(name -> declared.add(definition.getKey() + "." + name)));
    declared.removeAll(used);
    assertEquals(Set.of(), declared);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      unknownField: 1                                           | ""            | additionalProperties | unknownField
      kernel: {image: linuxkit/kernel:6.12.59, modules: virtio}  | /kernel/modules | type               | ""
      services: [{name: sshd, image: 'linuxkit/sshd:1', capabilties: [CAP_NET_ADMIN]}] | /services/0 | additionalProperties | capabilties
      onboot: [{name: sysctl, image: 'linuxkit/sysctl:1', readonly: 'yes'}] | /onboot/0/readonly | type | ""
      services: [{name: x, image: 'x:1', sysctl: {vm.swappiness: 10}}] | /services/0/sysctl/vm.swappiness | type | ""
      files: [{path: etc/motd, mode: 0644}]                     | /files/0/mode | type                 | ""
      onboot: [{image: 'linuxkit/sysctl:1'}]                     | /onboot/0     | required             | name
      volumes: [{name: v, format: squashfs}]                    | /volumes/0/format | enum             | ""
      """)
  void invalidSpecFailsAtTheOffendingNode(String yaml, String pointer, String keyword, String property) {
    List<ValidationMessage> errors = List.copyOf(SCHEMA.validate(yamlText(yaml)));
    assertEquals(1, errors.size(), () -> describe(Set.copyOf(errors)).toString());
    ValidationMessage error = errors.get(0);
    assertEquals(pointer, error.getInstanceLocation().toString());
    assertEquals(keyword, error.getType());
    assertEquals(property, error.getProperty() == null ? "" : error.getProperty());
  }

  /**
   * LinuxKit compatibility: every LinuxKit spec in a checkout's {@code examples/} and {@code test/cases/}
   * passes, except the one that is invalid on purpose. Runs only when {@code -Dlinuxkit.checkout=DIR}.
   */
  @Test
  @EnabledIfSystemProperty(named = "linuxkit.checkout", matches = ".+")
  void linuxkitSpecsPass() throws IOException {
    Path checkout = Path.of(System.getProperty("linuxkit.checkout"));
    Map<String, List<String>> failures = new TreeMap<>();
    int specs = 0;
    int others = 0;
    for (String dir : List.of("examples", "test/cases")) {
      List<Path> yamls;
      try (Stream<Path> walk = Files.walk(checkout.resolve(dir))) {
        yamls = walk.filter(f -> f.toString().matches(".*\\.ya?ml")).sorted().toList();
      }
      for (Path file : yamls) {
        String text = Files.readString(file);
        if (!isLinuxkitSpec(text)) {
          others++;
          continue;
        }
        specs++;
        List<String> errors;
        try {
          errors = describe(SCHEMA.validate(yamlText(text)));
        } catch (YamlEngineException e) {
          errors = List.of("yaml " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!errors.isEmpty()) {
          failures.put(checkout.relativize(file).toString(), errors);
        }
      }
    }
    System.out.printf("linuxkit-compat: %d specs, %d pass, %d fail; %d other YAML files skipped%n",
        specs, specs - failures.size(), failures.size(), others);
    failures.forEach((file, errors) -> System.out.println("  " + file + ": " + errors));
    // static-ip.yml is not YAML: a comment in column 0 opens a block scalar, which libyaml (whose port
    // LinuxKit uses) rejects too ("did not find expected key"); no LinuxKit test builds it.
    assertEquals(Set.of("examples/static-ip.yml", "test/cases/000_build/091_validate_linuxkit_yaml/linuxkit.yml"),
        failures.keySet());
    assertTrue(failures.get("examples/static-ip.yml").get(0).startsWith("yaml "));
    assertEquals(List.of("additionalProperties  unknownField"),
        failures.get("test/cases/000_build/091_validate_linuxkit_yaml/linuxkit.yml"));
  }

  /**
   * LinuxKit's trees also hold package build files ({@code build.yml}), a registry configuration and
   * build-argument files; a spec is a file with one of the top-level keys of the dialect.
   */
  private static boolean isLinuxkitSpec(String text) {
    return text.lines().anyMatch(line -> line.matches("(kernel|init|onboot|onshutdown|services|files|volumes|trust):.*"));
  }

  private static List<String> describe(Set<ValidationMessage> errors) {
    return errors.stream()
        .map(e -> e.getType() + " " + e.getInstanceLocation() + " " + (e.getProperty() == null ? "" : e.getProperty()))
        .sorted()
        .collect(Collectors.toList());
  }

  private static JsonNode yamlFile(Path file) throws IOException {
    return yamlText(Files.readString(file));
  }

  private static JsonNode yamlText(String text) {
    // The YAML 1.2 core schema types scalars as LinuxKit's Go YAML library does (True, 0x1F, ~, …).
    return JSON.valueToTree(new Load(LoadSettings.builder().setSchema(new CoreSchema()).build()).loadFromString(text));
  }

  private static JsonNode readShippedSchema() {
    try (InputStream in = SchemaTest.class.getResourceAsStream("/dev/imgc/schema/imgc.schema.json")) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pointers of every subschema the test holds for. */
  private static List<String> pointersWhere(BiPredicate<String, JsonNode> test) {
    List<String> pointers = new ArrayList<>();
    forEachSchema(SCHEMA_NODE, "", (pointer, schema) -> {
      if (test.test(pointer, schema)) {
        pointers.add(pointer);
      }
    });
    return pointers;
  }

  private interface SchemaVisitor {
    void visit(String pointer, JsonNode schema);
  }

  /** Visits every subschema: properties, definitions, items, additionalProperties and the root. */
  private static void forEachSchema(JsonNode schema, String pointer, SchemaVisitor visitor) {
    visitor.visit(pointer, schema);
    for (String keyword : List.of("properties", "definitions")) {
      schema.path(keyword).fields().forEachRemaining(
          field -> forEachSchema(field.getValue(), pointer + "/" + keyword + "/" + field.getKey(), visitor));
    }
    for (String keyword : List.of("items", "additionalProperties")) {
      if (schema.path(keyword).isObject()) {
        forEachSchema(schema.get(keyword), pointer + "/" + keyword, visitor);
      }
    }
  }

  /**
   * Walks a document along the schema and records each field it sets as {@code OWNER.field}, where OWNER
   * is the definition declaring the field ({@code spec} for the top level): {@code container.uid}.
   */
  private static void collectUsedFields(JsonNode instance, JsonNode schema, String owner, Set<String> used) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      collectUsedFields(instance, SCHEMA_NODE.at(ref.substring(1)), ref.substring("#/definitions/".length()), used);
    } else if (instance.isObject() && schema.has("properties")) {
      instance.fields().forEachRemaining(field -> {
        JsonNode property = schema.get("properties").get(field.getKey());
        if (property != null) {
          used.add(owner + "." + field.getKey());
          collectUsedFields(field.getValue(), property, owner, used);
        }
      });
    } else if (instance.isArray() && schema.has("items")) {
      instance.forEach(item -> collectUsedFields(item, schema.get("items"), owner, used));
    }
  }

  private static boolean hasText(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank();
  }
}
