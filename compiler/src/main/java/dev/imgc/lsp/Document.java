package dev.imgc.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * A spec as the editor holds it: its text (perhaps unsaved), at a version. Immutable: a change
 * makes another.
 */
record Document(String uri, int version, Lines lines) {
  static Document of(String uri, int version, String text) {
    return new Document(uri, version, new Lines(text));
  }

  String text() {
    return lines.text();
  }

  /** The file the editor's URI names, when it names one on this machine. */
  Optional<Path> path() {
    return path(uri);
  }

  /** The name diagnostics report this document by: its path, else its URI. */
  String name() {
    return path().map(Path::toString).orElse(uri);
  }

  static Optional<Path> path(String uri) {
    try {
      URI parsed = new URI(uri);
      return "file".equals(parsed.getScheme()) ? Optional.of(Path.of(parsed)) : Optional.empty();
    } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return Optional.empty();
    }
  }

  /** This document with {@code changes} applied in order: a whole new text, or a range replaced. */
  Document changed(int newVersion, List<TextDocumentContentChangeEvent> changes) {
    Lines current = lines;
    for (TextDocumentContentChangeEvent change : changes) {
      String replacement = change.getText() == null ? "" : change.getText();
      if (change.getRange() == null) {
        current = new Lines(replacement);
        continue;
      }
      int start = current.offset(change.getRange().getStart());
      int end = Math.max(start, current.offset(change.getRange().getEnd()));
      String text = current.text();
      current = new Lines(text.substring(0, start) + replacement + text.substring(end));
    }
    return new Document(uri, newVersion, current);
  }
}
