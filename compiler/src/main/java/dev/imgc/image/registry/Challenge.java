package dev.imgc.image.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code WWW-Authenticate} challenge (RFC 7235) as registries send it:
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"}.
 */
record Challenge(String scheme, Map<String, String> parameters) {
  private static final Pattern PARAMETER = Pattern.compile("([A-Za-z0-9_-]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^,\\s]*))");

  static Optional<Challenge> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String trimmed = header.trim();
    int space = trimmed.indexOf(' ');
    String scheme = (space < 0 ? trimmed : trimmed.substring(0, space)).toLowerCase(Locale.ROOT);
    Map<String, String> parameters = new TreeMap<>();
    if (space >= 0) {
      Matcher m = PARAMETER.matcher(trimmed.substring(space + 1));
      while (m.find()) {
        String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
        parameters.put(m.group(1).toLowerCase(Locale.ROOT), value);
      }
    }
    return Optional.of(new Challenge(scheme, parameters));
  }
}
