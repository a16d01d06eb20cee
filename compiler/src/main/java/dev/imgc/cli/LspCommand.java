package dev.imgc.cli;

import dev.imgc.lsp.LanguageServerLauncher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code imgc lsp}: the language server, on stdin and stdout, for editors. */
@Command(
    name = "lsp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run imgc's language server for editors: the Language Server Protocol over stdin and stdout.",
      "It gives lint's diagnostics as you type, completion, hover, quick fixes, go to definition, an outline and formatting.",
      "An editor starts it; settings come from the client (see docs/editors.md)."
    })
final class LspCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return LanguageServerLauncher.serve(System.in, System.out, System.getenv());
  }
}
