package dev.imgc.image;

import dev.imgc.image.oci.Platform;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * How images are fetched, as the command line or a build request sets it: one record, so the
 * {@link ImageResolver} of an {@code imgc image} command and of a build are made alike.
 *
 * @param policy when registries are asked
 * @param platform the platform built for: chosen from a multi-platform image, the architecture deb: packages are resolved for
 * @param insecureRegistries registries spoken to over plain HTTP
 * @param timeouts how long registries and package mirrors are waited for, and how often tried
 * @param cache the user's cache directory ({@link UserCache}): downloaded Debian packages
 *     ({@code debs/}) and the digests of local files; a build keeps its own caches there too
 * @param environment the process environment: registry credentials' location, {@code APT_CONFIG},
 *     {@code SOURCE_DATE_EPOCH}
 */
public record FetchSettings(PullPolicy policy, Platform platform, Set<String> insecureRegistries, NetworkTimeouts timeouts,
    Path cache, Map<String, String> environment) {
  public FetchSettings {
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Map.copyOf(environment);
  }
}
