package dev.imgc.spec.schema;

import dev.imgc.spec.Diagnostics;
import dev.imgc.spec.yaml.SourceDocument;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;

/**
 * The shipped schema's validation of one document, run on a thread of its own so that the caller's
 * other checks of the same document overlap it (and, in a compile, the wait for the validator being
 * built): the semantic checks take about as long as the validation.
 */
public final class BackgroundValidation {
  private final FutureTask<Diagnostics> task;

  private BackgroundValidation(FutureTask<Diagnostics> task) {
    this.task = task;
  }

  /** Starts validating {@code document}, as {@link SchemaValidator#validate} does, into diagnostics of {@code file}. */
  public static BackgroundValidation start(SourceDocument document, Set<String> unknownValues, String file) {
    FutureTask<Diagnostics> task = new FutureTask<>(new Validation(document, unknownValues, file));
    Thread thread = new Thread(task, "imgc-schema-check");
    thread.setDaemon(true);
    thread.start();
    return new BackgroundValidation(task);
  }

  /** The validation's diagnostics, once it is done; its failure is thrown here. */
  public Diagnostics join() {
    return Uninterruptibly.get(task);
  }

  /** A class rather than a lambda: linking a lambda is interpreted work on the critical path of a lint. */
  private record Validation(SourceDocument document, Set<String> unknownValues, String file)
      implements Callable<Diagnostics> {
    @Override
    public Diagnostics call() {
      Diagnostics found = new Diagnostics(file);
      SchemaValidator.shipped().validate(document, unknownValues, found);
      return found;
    }
  }
}
