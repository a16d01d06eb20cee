package dev.imgc.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The settings of the terminal on standard input, as {@code stty -g} prints them. QEMU puts the
 * terminal in raw mode and restores it when it exits; these put it back when QEMU could not (killed).
 */
public record TerminalSettings(String saved) {
  /** The terminal's settings, or empty when standard input is not a terminal. */
  public static Optional<TerminalSettings> ofStandardInput() {
    try {
      Process stty = new ProcessBuilder("stty", "-g").redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String settings = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      return stty.waitFor() == 0 && !settings.isEmpty() ? Optional.of(new TerminalSettings(settings)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Puts the settings back; a terminal that has gone away is left as it is. */
  void restore() {
    try {
      new ProcessBuilder("stty", saved).redirectInput(ProcessBuilder.Redirect.INHERIT)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
    } catch (IOException e) {
      // no stty: nothing to restore with
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
