package dev.imgc.image;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long imgc waits on a registry or a package mirror before it gives up, and how often it tries.
 *
 * @param connect the longest wait for a connection to open
 * @param idle the longest wait for the next bytes of an answer: its headers, or the next chunk of a body
 * @param attempts how many times one request is tried in all
 * @param retryAfterCap the longest wait a server's {@code Retry-After} is honoured for
 */
public record NetworkTimeouts(Duration connect, Duration idle, int attempts, Duration retryAfterCap) {
  public static final String CONNECT_VARIABLE = "IMGC_CONNECT_TIMEOUT";
  public static final String IDLE_VARIABLE = "IMGC_READ_TIMEOUT";

  /** Connect within 30 s, never sit 60 s without a byte, try 4 times, wait at most 60 s when asked to. */
  public static final NetworkTimeouts DEFAULT =
      new NetworkTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60), 4, Duration.ofSeconds(60));

  public NetworkTimeouts {
    if (connect.isNegative() || connect.isZero() || idle.isNegative() || idle.isZero()) {
      throw new IllegalArgumentException("a timeout must be more than 0 seconds");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("at least one attempt is needed");
    }
  }

  /**
   * The defaults, overridden by the environment ({@value #CONNECT_VARIABLE}, {@value #IDLE_VARIABLE},
   * in seconds), overridden in turn by the command line's options.
   */
  public static NetworkTimeouts from(Map<String, String> environment, Optional<Double> connectSeconds, Optional<Double> idleSeconds) {
    Duration connect = connectSeconds.map(s -> seconds(s, "--connect-timeout"))
        .orElseGet(() -> variable(environment, CONNECT_VARIABLE).orElse(DEFAULT.connect));
    Duration idle = idleSeconds.map(s -> seconds(s, "--read-timeout"))
        .orElseGet(() -> variable(environment, IDLE_VARIABLE).orElse(DEFAULT.idle));
    return new NetworkTimeouts(connect, idle, DEFAULT.attempts, DEFAULT.retryAfterCap);
  }

  private static Optional<Duration> variable(Map<String, String> environment, String name) {
    String value = environment.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(seconds(Double.parseDouble(value.strip()), name));
    } catch (NumberFormatException e) {
      throw new ImageException(name + "='" + value + "' is not a number of seconds; set it to, say, 60, or unset it");
    }
  }

  private static Duration seconds(double seconds, String name) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new ImageException(name + " must be a number of seconds between 0 and 86400, not "
          + java.math.BigDecimal.valueOf(seconds).stripTrailingZeros().toPlainString());
    }
    return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  /** A duration as people read it: {@code 60 s}, {@code 0.2 s}. */
  public static String describe(Duration duration) {
    long millis = duration.toMillis();
    return (millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0)) + " s";
  }
}
