package dev.imgc.spec;

import dev.imgc.spec.check.SemanticChecks;
import dev.imgc.spec.schema.BackgroundValidation;
import dev.imgc.spec.schema.SchemaValidator;
import dev.imgc.spec.vars.Interpolator;
import dev.imgc.spec.yaml.SourceDocument;
import dev.imgc.spec.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The front end's stages for one spec file: read, YAML, variables, schema, semantic checks. Every
 * problem, including an unexpected failure of imgc itself, ends up as a diagnostic.
 */
final class FrontEnd {
  private FrontEnd() {}

  /** One file's outcome: its checked document (when it could be read as YAML) and its diagnostics. */
  record Checked(Optional<SourceDocument> document, Diagnostics diagnostics) {}

  static Checked check(Path file, Variables variables, Severity unresolvedSeverity) {
    Diagnostics diagnostics = new Diagnostics(file.toString());
    Optional<String> text = read(file, diagnostics);
    if (text.isEmpty()) {
      return new Checked(Optional.empty(), diagnostics);
    }
    return check(text.get(), variables, unresolvedSeverity, diagnostics);
  }

  static Checked check(String text, Variables variables, Severity unresolvedSeverity, Diagnostics diagnostics) {
    try {
      SchemaValidator.preload();
      Optional<SourceDocument> read = YamlReader.read(text, diagnostics);
      if (read.isEmpty()) {
        return new Checked(Optional.empty(), diagnostics);
      }
      Interpolator.Result interpolated =
          Interpolator.interpolate(read.get(), variables, unresolvedSeverity, diagnostics);
      SourceDocument document = interpolated.document();
      Set<String> unknown = interpolated.unknownValues();
      BackgroundValidation schema = BackgroundValidation.start(document, unknown, diagnostics.file());
      Diagnostics semantic = new Diagnostics(diagnostics.file());
      try {
        SemanticChecks.run(document, unknown, semantic);
      } finally {
        // The schema's findings come first, and its failure wins over the checks' own, as when the
        // validation ran before the checks.
        diagnostics.addAll(schema.join());
      }
      diagnostics.addAll(semantic);
      return new Checked(Optional.of(document), diagnostics);
    } catch (RuntimeException | StackOverflowError e) {
      diagnostics.error(Position.START, Rule.INTERNAL,
          "imgc failed on this file (" + e + "); please report it with the file");
      return new Checked(Optional.empty(), diagnostics);
    }
  }

  private static Optional<String> read(Path file, Diagnostics diagnostics) {
    try {
      if (Files.size(file) > YamlReader.MAX_INPUT_BYTES) {
        // Only the head is read, enough for the YAML reader to refuse it and say where the limit falls.
        return Optional.of(new String(head(file, YamlReader.MAX_INPUT_BYTES + 1), StandardCharsets.UTF_8));
      }
      return Optional.of(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString());
    } catch (NoSuchFileException e) {
      diagnostics.error(Position.START, Rule.IO, "the file does not exist");
    } catch (CharacterCodingException e) {
      diagnostics.error(Position.START, Rule.IO, "the file is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      diagnostics.error(Position.START, Rule.IO, "the file cannot be read: " + e.getMessage());
    }
    return Optional.empty();
  }

  private static byte[] head(Path file, int bytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(bytes);
    }
  }
}
