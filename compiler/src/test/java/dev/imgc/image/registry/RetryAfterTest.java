package dev.imgc.image.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both forms of {@code Retry-After} (RFC 9110 §10.2.3), and what is not one. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-02T16:00:00Z");

  @Test
  void seconds() {
    assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse(" 0 ", NOW));
  }

  @Test
  void anHttpDate() {
    assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse("Wed, 02 Dec 2026 16:01:30 GMT", NOW));
    assertEquals(Optional.of(Duration.ZERO), RetryAfter.parse("Wed, 02 Dec 2026 15:00:00 GMT", NOW));
  }

  @Test
  void nonsenseIsNoRequest() {
    assertEquals(Optional.empty(), RetryAfter.parse(null, NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("-5", NOW));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", NOW));
  }
}
