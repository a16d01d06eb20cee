package dev.imgc.cli;

import java.util.Optional;

/**
 * The main class the launcher names for {@code imgc lint}: a lint with no option runs from here without
 * {@link Main} ever being linked, and anything else goes to {@link Main#run}. Linking {@code Main}
 * loads a few of picocli's classes (to check its uses of them), which the start-up archive cannot hold
 * (Java 5 class files), so the JVM opens the jar on the main thread to read them: about 10 ms of a
 * lint's critical path, where otherwise only the thread building the schema's validator opens it.
 */
public final class LintMain {
  private LintMain() {}

  public static void main(String[] args) {
    Optional<Integer> linted;
    try {
      linted = LintCommand.withoutParsing(args);
    } catch (RuntimeException e) {
      linted = Optional.of(Main.internalError(e));
    }
    System.exit(linted.isPresent() ? linted.get() : Main.run(args));
  }
}
