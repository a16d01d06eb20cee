package dev.imgc.cli;

import dev.imgc.image.store.Progress;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code -q} and {@code -v}: how much of long work's progress a command shows on stderr. */
final class ConsoleOptions {
  @Option(names = {"-q", "--quiet"}, description = "Show no progress; print only results, warnings and errors.")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Say what each phase does, and print a line for every step.")
  boolean verbose;

  private Progress progress;

  /**
   * Where progress goes: a live bar when stderr is a terminal (and {@code TERM} is not {@code dumb}),
   * plain lines when it is a pipe or file, nothing with {@code -q}. Made once per command.
   */
  Progress progress(CommandLine commandLine) {
    if (quiet && verbose) {
      throw new CommandLine.ParameterException(commandLine, "--quiet and --verbose exclude each other");
    }
    if (progress == null) {
      PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      progress = quiet ? Progress.NONE
          : stderrIsTerminal() ? new ConsoleProgress(err, verbose, ConsoleOptions::columns)
          : new PlainProgress(err, verbose);
    }
    return progress;
  }

  /** Whether file descriptor 2 is a terminal; System.console() tells only of stdin and stdout. */
  private static boolean stderrIsTerminal() {
    if ("dumb".equals(System.getenv("TERM"))) {
      return false;
    }
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** The terminal's width as stty tells it, else as the shell exports it, else the classic 80. */
  private static int columns() {
    try {
      Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (stty.waitFor(2, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
        return Math.max(40, Integer.parseInt(size.split(" ")[1]));
      }
    } catch (IOException e) {
      // no stty, or no controlling terminal: fall back
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80")));
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
