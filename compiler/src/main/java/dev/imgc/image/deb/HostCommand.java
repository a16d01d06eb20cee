package dev.imgc.image.deb;

import dev.imgc.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/** Runs one of the host's apt tools and returns what it printed; a failure is one sentence with its stderr. */
final class HostCommand {
  private static final long TICK_MILLIS = 200;

  private HostCommand() {}

  /**
   * The result of a command that ran: its exit status and output.
   *
   * @param stalled whether the {@link Watch} stopped it because it made no progress
   */
  record Result(int status, String stdout, String stderr, boolean stalled) {}

  /**
   * A watchdog on a long command: {@code progress} measures how far it got (bytes downloaded, say),
   * each new measure goes to {@code report}, and the command is stopped when the measure has not
   * changed for {@code stallLimit}.
   */
  record Watch(Duration stallLimit, LongSupplier progress, LongConsumer report) {}

  /** @param environment variables to set for the command, beyond imgc's own */
  static Result run(Path directory, List<String> command, Map<String, String> environment) {
    return run(directory, command, environment, Optional.empty());
  }

  static Result run(Path directory, List<String> command, Map<String, String> environment, Optional<Watch> watch) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("LC_ALL", "C");
    try {
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      boolean stalled = watch.isPresent() && !finishesWhileProgressing(process, watch.get());
      if (stalled) {
        stop(process);
      }
      return new Result(process.waitFor(), stdout.join(), stderr.join(), stalled);
    } catch (IOException e) {
      throw new ImageException("deb: sources need the host's " + command.get(0)
          + " (Debian or Ubuntu), which could not be run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException(command.get(0) + " was interrupted", e);
    }
  }

  /** Waits for {@code process}; false if its progress stood still for the watch's limit first. */
  private static boolean finishesWhileProgressing(Process process, Watch watch) throws InterruptedException {
    long last = watch.progress().getAsLong();
    long changedAt = System.nanoTime();
    while (!process.waitFor(TICK_MILLIS, TimeUnit.MILLISECONDS)) {
      long now = watch.progress().getAsLong();
      if (now != last) {
        last = now;
        changedAt = System.nanoTime();
        watch.report().accept(now);
      } else if (System.nanoTime() - changedAt > watch.stallLimit().toNanos()) {
        return false;
      }
    }
    watch.report().accept(watch.progress().getAsLong());
    return true;
  }

  /** SIGTERM, then SIGKILL for a process that will not go, and its children with it. */
  private static void stop(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    if (!process.waitFor(2, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
