package dev.imgc.spec.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A whole appliance spec, typed and immutable, every part knowing where it was written. Made by
 * {@code SpecLoader} from valid spec files; several files merge in order with {@link #mergedWith}.
 */
public record Spec(
    Kernel kernel,
    List<Located<String>> init,
    List<ImageSpec> onboot,
    List<ImageSpec> onshutdown,
    List<ImageSpec> services,
    List<FileSpec> files,
    List<VolumeSpec> volumes,
    List<Located<String>> prune) {
  public static final Spec EMPTY = new Spec(Kernel.NONE, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  public Spec {
    init = List.copyOf(init);
    onboot = List.copyOf(onboot);
    onshutdown = List.copyOf(onshutdown);
    services = List.copyOf(services);
    files = List.copyOf(files);
    volumes = List.copyOf(volumes);
    prune = List.copyOf(prune);
  }

  /**
   * This spec followed by {@code later}, as LinuxKit's build merges its files: each kernel field
   * {@code later} sets replaces this one's; every list is appended to.
   */
  public Spec mergedWith(Spec later) {
    return new Spec(
        kernel.overriddenBy(later.kernel),
        concat(init, later.init),
        concat(onboot, later.onboot),
        concat(onshutdown, later.onshutdown),
        concat(services, later.services),
        concat(files, later.files),
        concat(volumes, later.volumes),
        concat(prune, later.prune));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
