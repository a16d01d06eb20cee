package dev.imgc.image;

import dev.imgc.image.oci.Platform;
import java.nio.file.Path;
import java.util.Map;

/**
 * How images are fetched, as the command line or a build request sets it: one record, so the
 * {@link ImageResolver} of an {@code imgc image} command and of a build are made alike.
 *
 * @param policy when registries are asked
 * @param platform the platform built for: chosen from a multi-platform image, the architecture deb: packages are resolved for
 * @param registries how registries and package mirrors are spoken to, and the process environment
 * @param cache the user's cache directory ({@link UserCache}): downloaded Debian packages
 *     ({@code debs/}) and the digests of local files; a build keeps its own caches there too
 */
public record FetchSettings(PullPolicy policy, Platform platform, RegistryAccess registries, Path cache) {
  /** The process environment: registry credentials' location, {@code APT_CONFIG}, {@code SOURCE_DATE_EPOCH}. */
  public Map<String, String> environment() {
    return registries.environment();
  }
}
