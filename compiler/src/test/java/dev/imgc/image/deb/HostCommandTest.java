package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The watchdog on a host command: a command that makes no progress is stopped; one that ends is not. */
class HostCommandTest {
  @Test
  void aCommandThatMakesNoProgressIsStopped() {
    HostCommand.Watch watch = new HostCommand.Watch(Duration.ofMillis(500), () -> 0, now -> {});
    HostCommand.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> HostCommand.run(Path.of("."), List.of("sleep", "600"), Map.of(), Optional.of(watch)));
    assertTrue(result.stalled());
    assertTrue(result.status() != 0);
  }

  @Test
  void aCommandThatEndsIsNotStopped() {
    HostCommand.Watch watch = new HostCommand.Watch(Duration.ofSeconds(30), () -> 0, now -> {});
    HostCommand.Result result = HostCommand.run(Path.of("."), List.of("true"), Map.of(), Optional.of(watch));
    assertFalse(result.stalled());
    assertTrue(result.status() == 0);
  }
}
