package dev.imgc.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one spec file while the front end's stages run over it. */
public final class Diagnostics {
  private final String file;
  private final List<Diagnostic> found = new ArrayList<>();

  public Diagnostics(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void error(Position position, Rule rule, String message) {
    report(position, Severity.ERROR, rule, message);
  }

  public void report(Position position, Severity severity, Rule rule, String message) {
    found.add(new Diagnostic(file, position, severity, rule, message));
  }

  /** Adds what {@code others}, collected apart (on another thread), found. */
  public void addAll(Diagnostics others) {
    found.addAll(others.found);
  }

  public boolean hasErrors() {
    return found.stream().anyMatch(Diagnostic::isError);
  }

  /** What was found so far, in source order. */
  public List<Diagnostic> sorted() {
    List<Diagnostic> copy = new ArrayList<>(found);
    copy.sort(Diagnostic.IN_SOURCE_ORDER);
    return List.copyOf(copy);
  }
}
