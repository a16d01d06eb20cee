package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;

/** LinuxKit's old {@code trust} section is accepted for compatibility and has no effect in imgc. */
final class TrustCheck implements SemanticCheck {
  @Override
  public void run(CheckContext context) {
    if (!context.at("/trust").isMissingNode()) {
      context.diagnostics().report(context.document().sourceMap().key("/trust"), Severity.WARNING, Rule.TRUST_IGNORED,
          "imgc ignores the trust section; remove it");
    }
  }
}
