package dev.imgc.spec.schema;

import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidatorTypeCode;
import java.util.List;

/**
 * networknt's factory for draft-07 schemas with its draft-07 keywords, as its own meta-schema
 * ({@code JsonMetaSchema.getV7()}) declares them, but no formats. Building that meta-schema builds
 * every {@code format} it knows (some twenty patterns and date parsers: about 13 ms of the critical
 * path of an {@code imgc lint}), and imgc's schema uses none. {@code Draft07Test} checks that the
 * keywords are networknt's and that the shipped schema has no {@code format}.
 */
final class Draft07 {
  static final String IRI = "http://json-schema.org/draft-07/schema#";

  private Draft07() {}

  /** A factory whose default (and only) meta-schema is draft-07 without formats. */
  static JsonSchemaFactory factory() {
    return JsonSchemaFactory.builder().defaultMetaSchemaIri(IRI).metaSchema(metaSchema()).build();
  }

  static JsonMetaSchema metaSchema() {
    return JsonMetaSchema.builder(IRI)
        .specification(SpecVersion.VersionFlag.V7)
        .idKeyword("$id")
        .keywords(ValidatorTypeCode.getKeywords(SpecVersion.VersionFlag.V7))
        .keywords(List.of(
            new NonValidationKeyword("$schema"),
            new NonValidationKeyword("$id"),
            new AnnotationKeyword("title"),
            new AnnotationKeyword("description"),
            new AnnotationKeyword("default"),
            new NonValidationKeyword("definitions"),
            new NonValidationKeyword("$comment"),
            new AnnotationKeyword("examples"),
            new NonValidationKeyword("then"),
            new NonValidationKeyword("else"),
            new NonValidationKeyword("additionalItems")))
        .build();
  }
}
