package dev.imgc.boot.init;

import java.util.List;

/**
 * What the generated {@code /init} does at boot, in order: set {@code hostname}, load {@code
 * modules}, run each {@code onboot} bundle to completion, start {@code services}; and at shutdown
 * run each {@code onshutdown} bundle before stopping the services.
 */
public record InitSpec(
    String hostname, List<String> modules, List<Bundle> onboot, List<Bundle> onshutdown, List<Bundle> services) {
  public InitSpec {
    modules = List.copyOf(modules);
    onboot = List.copyOf(onboot);
    onshutdown = List.copyOf(onshutdown);
    services = List.copyOf(services);
  }
}
