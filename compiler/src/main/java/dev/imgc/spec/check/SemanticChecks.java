package dev.imgc.spec.check;

import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.yaml.SourceDocument;
import java.util.List;
import java.util.Set;

/** Runs every check beyond the schema over one document. */
public final class SemanticChecks {
  private static final List<SemanticCheck> CHECKS =
      List.of(
          new NameCheck(),
          new FilesCheck(),
          new CapabilityCheck(),
          new NamespaceCheck(),
          new ImageReferenceCheck(),
          new RlimitCheck(),
          new MountCheck(),
          new SysctlCheck(),
          new ModeCheck(),
          new TrustCheck());

  private SemanticChecks() {}

  /**
   * Checks {@code document} (already valid against the schema), skipping values in {@code
   * unknownValues} whose text depends on a variable without a value.
   */
  public static void run(SourceDocument document, Set<String> unknownValues, Diagnostics diagnostics) {
    CheckContext context = new CheckContext(document, unknownValues, diagnostics);
    for (SemanticCheck check : CHECKS) {
      check.run(context);
    }
  }
}
