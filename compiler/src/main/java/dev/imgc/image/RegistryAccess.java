package dev.imgc.image;

import dev.imgc.image.registry.RegistriesConf;
import dev.imgc.image.registry.RegistryClient;
import java.util.Map;
import java.util.Set;

/**
 * How registries are spoken to, as a command's options and environment set it: what pulls
 * ({@link FetchSettings}), pushes ({@link ImagePusher}) and output artifacts share. A command makes
 * one, so registries.conf is read at most once per command, however many registries it speaks to,
 * and only when it speaks to one: parsing it (TOML) cost every compile of local images tens of
 * milliseconds.
 */
public final class RegistryAccess {
  private final Set<String> insecureRegistries;
  private final NetworkTimeouts timeouts;
  private final Map<String, String> environment;
  private RegistriesConf conf;

  private RegistryAccess(Set<String> insecureRegistries, NetworkTimeouts timeouts, Map<String, String> environment) {
    this.insecureRegistries = Set.copyOf(insecureRegistries);
    this.timeouts = timeouts;
    this.environment = Map.copyOf(environment);
  }

  /** Access with the registries.conf {@code environment} names, read when first needed ({@link #conf}). */
  public static RegistryAccess load(Set<String> insecureRegistries, NetworkTimeouts timeouts, Map<String, String> environment) {
    return new RegistryAccess(insecureRegistries, timeouts, environment);
  }

  /** Registries spoken to over plain HTTP. */
  public Set<String> insecureRegistries() {
    return insecureRegistries;
  }

  /** How long registries and package mirrors are waited for, and how often tried. */
  public NetworkTimeouts timeouts() {
    return timeouts;
  }

  /** The process environment: registry credentials' and registries.conf's location, {@code APT_CONFIG}, {@code SOURCE_DATE_EPOCH}. */
  public Map<String, String> environment() {
    return environment;
  }

  /**
   * registries.conf (mirrors, rewritten and blocked registries) as read the first time it was asked
   * for; an {@link ImageException} if it is malformed.
   */
  public synchronized RegistriesConf conf() {
    if (conf == null) {
      conf = RegistriesConf.load(environment);
    }
    return conf;
  }

  /** A client of {@code endpoint}. */
  public RegistryClient client(RegistriesConf.Endpoint endpoint) {
    return RegistryClient.at(endpoint, insecureRegistries, environment, timeouts);
  }

  /** A client of where registries.conf sends pushes to {@code reference}. */
  public RegistryClient pushClient(ImageReference reference) {
    return client(conf().pushEndpoint(reference));
  }
}
