package dev.imgc.cli;

import java.util.Optional;

/**
 * The main class the launcher names for {@code imgc lint} (with {@code -cp}, so that Java's launcher
 * does not open the jar for its manifest first): a lint with no option runs from here without
 * {@link Main} ever being linked, and anything else goes to {@link Main#run}. Linking {@code Main}
 * links picocli, which a lint without options never uses; when picocli's classes were still Java 5
 * class files, outside the start-up archive, that opened the jar on the main thread (about 10 ms of a
 * lint's critical path).
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
