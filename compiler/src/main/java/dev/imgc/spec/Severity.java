package dev.imgc.spec;

import java.util.Locale;

/** How bad a diagnostic is: an error makes a spec unusable, a warning does not. */
public enum Severity {
  ERROR,
  WARNING;

  /** The lowercase word used in output: {@code error}, {@code warning}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
