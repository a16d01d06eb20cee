package dev.imgc.boot.init;

import dev.imgc.boot.Templates;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /init} imgc generates when no init image or {@code files:} entry provides one: a busybox
 * shell script rendered from {@code runtime-templates/init.mustache} that does what LinuxKit's init
 * does for onboot, services and onshutdown containers. Every container's launch is worked out here,
 * at build time, from its {@code config.json} and {@code runtime.json}, so the appliance needs no
 * JSON parser and no runtime binary; when the appliance has {@code runc}, the init hands it the bundle
 * instead, after the same {@code runtime.json} preparation.
 */
public final class InitScript {
  /**
   * The drivers through which the kernel reports the ACPI power button to the init: {@code button}
   * makes it an input device, {@code evdev} gives it a {@code /dev/input/event*} node. Distribution
   * kernels build them as modules, so they are kept with {@code kernel.modules}.
   */
  public static final List<String> POWER_BUTTON_MODULES = List.of("button", "evdev");

  /** The longest delay, in seconds, before a service that keeps exiting is restarted. */
  static final int BACKOFF_CAP_SECONDS = 60;

  /** Where the init is in the root: runc's hooks call it there. */
  public static final String PATH = "init";

  private InitScript() {}

  /** The script alone, for a spec whose bundles need nothing changed. */
  public static String render(InitSpec spec) {
    return generate(spec).script();
  }

  public static GeneratedInit generate(InitSpec spec) {
    List<BundleScope> bundles = new ArrayList<>();
    List<Bundle> configured = new ArrayList<>();
    List<GeneratedInit.Warning> warnings = new ArrayList<>();
    List<Step> onboot = steps(spec.onboot(), "onboot", bundles, configured, warnings);
    List<Step> onshutdown = steps(spec.onshutdown(), "onshutdown", bundles, configured, warnings);
    List<Step> services = steps(spec.services(), "service", bundles, configured, warnings);
    List<String> moduleLoads = spec.modules().isEmpty() ? List.of() : List.of(Shell.words(spec.modules()));
    String script = Templates.render("init", new Scope(Shell.quote(spec.hostname()), moduleLoads,
        Shell.words(POWER_BUTTON_MODULES), BACKOFF_CAP_SECONDS, bundles, onboot, onshutdown, services));
    return new GeneratedInit(script, configured, warnings);
  }

  private static List<Step> steps(List<Bundle> section, String kind, List<BundleScope> bundles,
      List<Bundle> configured, List<GeneratedInit.Warning> warnings) {
    List<Step> steps = new ArrayList<>();
    for (Bundle bundle : section) {
      int index = bundles.size();
      BundleLaunch launch = BundleLaunch.of(bundle, index);
      configured.add(new Bundle(bundle.name(), bundle.directory(), launch.runc().configJson(), bundle.runtimeJson()));
      launch.warnings().forEach(message -> warnings.add(new GeneratedInit.Warning(bundle.directory(), message)));
      bundles.add(new BundleScope(index, kind + " " + bundle.name() + " (" + bundle.directory() + ")",
          launch.prepare(), launch.runc().before(), runcArguments(bundle), launch.gated(), launch.launch(),
          launch.host(), launch.enter()));
      steps.add(new Step(index, Shell.quote(bundle.name())));
    }
    return steps;
  }

  /** The bundle directory and container id ({@link BundleLaunch#id}) {@code imgc_runc} is given. */
  private static String runcArguments(Bundle bundle) {
    return Shell.quote("/" + bundle.directory()) + " " + Shell.quote(BundleLaunch.id(bundle));
  }

  private record Scope(String hostname, List<String> moduleLoads, String powerButtonModules, int backoffCapSeconds,
      List<BundleScope> bundles, List<Step> onboot, List<Step> onshutdown, List<Step> services) {}

  private record BundleScope(int index, String label, List<String> prepare, List<String> runcBefore, String runc,
      boolean gated, String launch, List<String> host, List<String> enter) {}

  private record Step(int index, String name) {}
}
