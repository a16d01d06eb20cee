package dev.imgc.image;

import dev.imgc.image.registry.RegistriesConf;
import dev.imgc.image.registry.RegistryClient;
import java.util.Map;
import java.util.Set;

/**
 * How registries are spoken to, as a command's options and environment set it: what pulls
 * ({@link FetchSettings}), pushes ({@link ImagePusher}) and output artifacts share. A command makes
 * one, so registries.conf is read once per command, however many registries it speaks to.
 *
 * @param insecureRegistries registries spoken to over plain HTTP
 * @param timeouts how long registries and package mirrors are waited for, and how often tried
 * @param environment the process environment: registry credentials' and registries.conf's location,
 *     {@code APT_CONFIG}, {@code SOURCE_DATE_EPOCH}
 * @param conf registries.conf as read when the command started: mirrors, rewritten and blocked registries
 */
public record RegistryAccess(Set<String> insecureRegistries, NetworkTimeouts timeouts, Map<String, String> environment,
    RegistriesConf conf) {
  public RegistryAccess {
    insecureRegistries = Set.copyOf(insecureRegistries);
    environment = Map.copyOf(environment);
  }

  /** Access with the registries.conf {@code environment} names, read now; an {@link ImageException} if it is malformed. */
  public static RegistryAccess load(Set<String> insecureRegistries, NetworkTimeouts timeouts, Map<String, String> environment) {
    return new RegistryAccess(insecureRegistries, timeouts, environment, RegistriesConf.load(environment));
  }

  /** A client of {@code endpoint}. */
  public RegistryClient client(RegistriesConf.Endpoint endpoint) {
    return RegistryClient.at(endpoint, insecureRegistries, environment, timeouts);
  }

  /** A client of where registries.conf sends pushes to {@code reference}. */
  public RegistryClient pushClient(ImageReference reference) {
    return client(conf.pushEndpoint(reference));
  }
}
