package dev.imgc.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgc run} as a user meets it, run as its own process on {@code examples/web.yml} compiled
 * once: on a pseudo-terminal the console is there and {@code Ctrl-a x} quits leaving the terminal as
 * it was; a signal presses the machine's power button, so the appliance runs its onshutdown container
 * and powers off; and no QEMU outlives imgc, not even when imgc is killed outright.
 */
@Tag("boot")
class RunCommandBootTest {
  @TempDir static Path out;
  static Path web;

  @BeforeAll
  static void compile() {
    Guest.compile("web", out, "kernel+initrd");
    web = out.resolve("web");
  }

  @Test
  void onATerminalTheConsoleIsShownAndCtrlAXQuitsLeavingTheTerminalAsItWas() throws Exception {
    Path before = out.resolve("stty-before");
    Path after = out.resolve("stty-after");
    Path status = out.resolve("status");
    String shell = "stty -g >" + before + "; " + String.join(" ", imgc("run", web.toString(), "--mem", "512M"))
        + "; echo $? >" + status + "; stty -g >" + after;
    Process terminal = new ProcessBuilder("script", "-qfec", shell, "/dev/null").redirectErrorStream(true).start();
    StringBuffer screen = collect(terminal.getInputStream());
    try (OutputStream keyboard = terminal.getOutputStream()) {
      await(() -> screen.toString().contains("Linux version"), Duration.ofMinutes(3), () -> "no kernel banner:\n" + screen);
      keyboard.write(new byte[] {0x01, 'x'}); // Ctrl-a x
      keyboard.flush();
      assertTrue(terminal.waitFor(30, TimeUnit.SECONDS), () -> "imgc did not end after Ctrl-a x:\n" + screen);
    } finally {
      terminal.destroyForcibly();
    }
    assertTrue(screen.toString().contains("QEMU: Terminated"), () -> "QEMU did not say it quit:\n" + screen);
    assertEquals("0", Files.readString(status).strip(), () -> screen.toString());
    assertEquals(Files.readString(before), Files.readString(after), "the terminal's settings changed");
    assertNoQemuLeft();
  }

  @Test
  void aDetachedRunStoppedBySigtermRunsTheOnshutdownContainerAndPowersOffInTime() throws Exception {
    Path log = out.resolve("detached.log");
    Process detach = new ProcessBuilder(imgc("run", web.toString(), "--mem", "512M", "--console-log", log.toString(),
        "--detach")).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    String said = new String(detach.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(detach.waitFor(90, TimeUnit.SECONDS));
    assertEquals(0, detach.exitValue(), said);
    Matcher kill = Pattern.compile("stop it with `kill (\\d+)`").matcher(said);
    assertTrue(kill.find(), said);
    ProcessHandle background = ProcessHandle.of(Long.parseLong(kill.group(1))).orElseThrow();
    try {
      await(() -> read(log).contains("imgc: up"), Duration.ofMinutes(4), () -> "the appliance did not come up:\n" + read(log));
      Instant signalled = Instant.now();
      background.destroy(); // SIGTERM
      await(() -> !background.isAlive(), Duration.ofSeconds(30), () -> "imgc still runs:\n" + read(log));
      Duration stopping = Duration.between(signalled, Instant.now());
      String console = read(log);
      assertTrue(stopping.compareTo(Duration.ofSeconds(20)) < 0, () -> "stopped by force after " + stopping + ":\n" + console);
      int pressed = console.indexOf("imgc: power button pressed");
      int goodbye = console.indexOf("web appliance: goodbye");
      int down = console.indexOf("reboot: Power down");
      assertTrue(pressed >= 0 && pressed < goodbye && goodbye < down, () -> "no orderly power off:\n" + console);
    } finally {
      background.destroyForcibly();
    }
    assertNoQemuLeft();
  }

  @Test
  void killingImgcOutrightStillStopsQemu() throws Exception {
    Path log = out.resolve("killed.log");
    Process run = new ProcessBuilder(imgc("run", web.toString(), "--mem", "512M", "--console-log", log.toString()))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      await(() -> read(log).contains("Linux version"), Duration.ofMinutes(3), () -> "no kernel banner:\n" + read(log));
    } finally {
      run.destroyForcibly(); // SIGKILL: no shutdown hook runs
    }
    await(() -> qemusOf(web).isEmpty(), Duration.ofSeconds(10), () -> "QEMU outlived imgc: " + qemusOf(web));
  }

  /** The command that runs imgc with {@code args} in a JVM of its own, from this build's classes. */
  private static List<String> imgc(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  private static void assertNoQemuLeft() throws InterruptedException {
    await(() -> qemusOf(web).isEmpty(), Duration.ofSeconds(5), () -> "QEMU left running: " + qemusOf(web));
  }

  /** The QEMU processes booting the appliance at {@code prefix}, by their command lines. */
  private static List<String> qemusOf(Path prefix) {
    return ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse(""))
        .filter(line -> line.contains("qemu-system") && line.contains(prefix.toString())).toList();
  }

  private static StringBuffer collect(InputStream stream) {
    StringBuffer text = new StringBuffer();
    Thread reader = new Thread(() -> {
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = stream.read(buffer)) > 0; ) {
          text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (IOException closed) {
        // the terminal ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  private interface Condition {
    boolean holds() throws IOException;
  }

  private static void await(Condition condition, Duration timeout, Supplier<String> failure) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (IOException notYet) {
        // the file is not there yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(failure.get());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }
}
