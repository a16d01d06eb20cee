package dev.imgc.spec.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.ValidationMessage;
import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.SpecSchema;
import dev.imgc.spec.yaml.SourceDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Validates a spec's JSON tree against imgc's JSON Schema (draft-07) with networknt's validator and
 * reports each error at the key or value it is about ({@link SchemaErrors} does the mapping).
 */
public final class SchemaValidator {
  static {
    // networknt logs through SLF4J; without a provider SLF4J would print a warning on every run.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    // The provider it falls back to when it finds none, named: finding none is a ServiceLoader scan and
    // a search of the class path for SLF4J 1's binder, which the thread building the validator waits on.
    if (System.getProperty("slf4j.provider") == null) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    }
  }

  private static final FutureTask<SchemaValidator> SHIPPED = new FutureTask<>(SchemaValidator::loadShipped);
  private static final AtomicBoolean PRELOADING = new AtomicBoolean();

  private final JsonNode schemaTree;
  private final JsonSchema schema;

  private SchemaValidator(JsonNode schemaTree) {
    this.schemaTree = schemaTree;
    // Each $ref's validators are built when a document first reaches them (safely across threads), not
    // all up front: building them all was a third of building the validator, and a spec reaches part.
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).failFast(false)
        .preloadJsonSchema(false).build();
    this.schema = Draft07.factory().getSchema(schemaTree, config);
  }

  /** The validator for the schema shipped in the jar, built once, by the first thread to ask or {@link #preload}. */
  public static SchemaValidator shipped() {
    SHIPPED.run(); // builds it here, unless it is built or being built
    return Uninterruptibly.get(SHIPPED);
  }

  /**
   * Starts building the shipped validator on a thread of its own, once, so that reading a spec's YAML
   * overlaps it: building it (networknt's keywords, Jackson's set-up) is about half of what
   * {@code imgc lint} does after the JVM's start (bench/startup).
   */
  public static void preload() {
    if (!SHIPPED.isDone() && PRELOADING.compareAndSet(false, true)) {
      Thread loading = new Thread(SHIPPED, "imgc-schema");
      loading.setDaemon(true);
      loading.start();
    }
  }

  /** A validator for another schema (tests use small ones). */
  public static SchemaValidator of(JsonNode schemaTree) {
    return new SchemaValidator(schemaTree);
  }

  /**
   * Reports the schema errors of {@code document}, leaving out those about values in {@code
   * unknownValues} (pointers of scalars whose value depends on a variable nobody gave).
   */
  public void validate(SourceDocument document, Set<String> unknownValues, Diagnostics diagnostics) {
    Set<ValidationMessage> messages = schema.validate(document.root());
    new SchemaErrors(schemaTree, document, unknownValues).report(messages, diagnostics);
  }

  private static SchemaValidator loadShipped() {
    try (InputStream in = SpecSchema.open()) {
      return new SchemaValidator(JsonTreeReader.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
