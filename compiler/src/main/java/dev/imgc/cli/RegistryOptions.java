package dev.imgc.cli;

import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.RegistryAccess;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that speaks to registries: plain-HTTP registries, timeouts, progress. */
final class RegistryOptions {
  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Talk plain HTTP to this registry (localhost and 127.0.0.0/8 always are).")
  List<String> insecure = List.of();

  @Option(names = "--connect-timeout", paramLabel = "SECONDS",
      description = "The longest wait for a registry or package mirror to accept a connection "
          + "(default: $IMGC_CONNECT_TIMEOUT, else 30).")
  Double connectTimeout;

  @Option(names = "--read-timeout", paramLabel = "SECONDS",
      description = "The longest wait for the next bytes from a registry or package mirror: an answer, "
          + "or more of a download (default: $IMGC_READ_TIMEOUT, else 60).")
  Double readTimeout;

  @Mixin ConsoleOptions console;

  /** The timeouts the options, else the environment, else the defaults set; a usage error for a bad one. */
  NetworkTimeouts timeouts(CommandLine commandLine, Map<String, String> environment) {
    try {
      return NetworkTimeouts.from(environment, Optional.ofNullable(connectTimeout), Optional.ofNullable(readTimeout));
    } catch (ImageException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
  }

  /** How these options speak to registries; a usage error for a bad timeout. */
  RegistryAccess registries(CommandLine commandLine) {
    return RegistryAccess.load(Set.copyOf(insecure), timeouts(commandLine, System.getenv()), System.getenv());
  }
}
