package dev.imgc.lsp;

import dev.imgc.build.StoreLookup;
import dev.imgc.spec.Rule;
import dev.imgc.spec.yaml.SourceDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/**
 * What only the image store can tell of a spec, which {@code imgc lint} (reading no store) leaves to
 * the build: an image not in the store yet (a hint: a build pulls or imports it), and a
 * {@code kernel.modules} entry the kernel image does not have (an error, as the build reports it,
 * under the same rule).
 */
final class StoreChecks {
  private StoreChecks() {}

  static List<Diagnostic> check(Workspace workspace, Document document) {
    Optional<SourceDocument> tree = SpecTree.read(document);
    Optional<StoreLookup> opened = workspace.store();
    if (tree.isEmpty() || opened.isEmpty()) {
      return List.of();
    }
    StoreLookup store = opened.get();
    List<Diagnostic> found = new ArrayList<>();
    for (SpecTree.Value image : SpecTree.images(tree.get())) {
      if (!image.text().contains("$") && !image.text().isBlank() && store.image(image.text()).isEmpty()) {
        found.add(new Diagnostic(document.lines().range(tree.get().sourceMap().value(image.pointer())),
            "the image " + image.text() + " is not in the store yet; a build fetches it, or fetch it now with `imgc image pull "
                + image.text() + "` (`imgc image import` for a local source)",
            DiagnosticSeverity.Hint, SpecChecks.SOURCE, Rule.IMAGE.id()));
      }
    }
    String kernel = tree.get().root().at("/kernel/image").asText("");
    List<SpecTree.Value> modules = SpecTree.modules(tree.get()).stream().filter(m -> !m.text().contains("$")).toList();
    if (!modules.isEmpty() && !kernel.isBlank() && !kernel.contains("$")) {
      Map<String, String> missing = store.missingModules(kernel, modules.stream().map(SpecTree.Value::text).toList())
          .<Map<String, String>>map(m -> m).orElse(Map.of());
      for (SpecTree.Value module : modules) {
        if (missing.containsKey(module.text())) {
          found.add(new Diagnostic(document.lines().range(tree.get().sourceMap().value(module.pointer())),
              missing.get(module.text()), DiagnosticSeverity.Error, SpecChecks.SOURCE, Rule.LOWERING.id()));
        }
      }
    }
    return found;
  }
}
