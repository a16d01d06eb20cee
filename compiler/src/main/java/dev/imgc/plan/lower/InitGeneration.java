package dev.imgc.plan.lower;

import dev.imgc.boot.init.GeneratedInit;
import dev.imgc.boot.init.InitScript;
import dev.imgc.boot.init.InitSpec;
import dev.imgc.fs.Metadata;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.Bundle;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.PassReport;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.PlanWarning;
import dev.imgc.plan.Provenance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gives a plan the {@code /init} imgc generates ({@link InitScript}) when neither an init image nor a
 * {@code files:} entry put one there; LinuxKit's own init images are left to do their work.
 */
public final class InitGeneration {
  static final String INIT = "init";
  static final String BUSYBOX = "bin/busybox";

  private InitGeneration() {}

  /**
   * The plan with a generated {@code /init}, or unchanged when it has one or is a root filesystem
   * alone (no kernel and no container: nothing boots it).
   *
   * @param hostname the hostname the init sets when the root has no {@code /etc/hostname}
   * @throws LoweringException when there is no {@code /init} and no busybox to run one with
   */
  public static BuildPlan apply(BuildPlan plan, String hostname) {
    Map<String, PlanEntry> byPath = lastAt(plan, wanted(plan));
    if (byPath.containsKey(INIT) || plan.kernel().isEmpty() && plan.bundles().isEmpty()) {
      return plan; // a root filesystem alone (no kernel, no container) needs no init
    }
    if (!byPath.containsKey(BUSYBOX)) {
      throw new LoweringException("nothing provides /init and there is no /bin/busybox to run the one imgc "
          + "generates; add an init image with busybox (e.g. `init: [deb://busybox-static]`) or LinuxKit's init");
    }
    List<dev.imgc.boot.init.Bundle> onboot = new ArrayList<>();
    List<dev.imgc.boot.init.Bundle> onshutdown = new ArrayList<>();
    List<dev.imgc.boot.init.Bundle> services = new ArrayList<>();
    for (Bundle bundle : plan.bundles()) {
      dev.imgc.boot.init.Bundle launch = new dev.imgc.boot.init.Bundle(bundle.name(), bundle.directory(),
          inline(byPath, bundle.directory() + "/config.json"), inline(byPath, bundle.directory() + "/runtime.json"));
      (switch (bundle.kind()) {
        case ONBOOT -> onboot;
        case ONSHUTDOWN -> onshutdown;
        case SERVICE -> services;
      }).add(launch);
    }
    List<String> modules = plan.kernel().flatMap(KernelPlan::keep).orElse(List.of());
    GeneratedInit init = InitScript.generate(new InitSpec(hostname, modules, onboot, onshutdown, services));
    byte[] script = init.script().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, byte[]> configs = new HashMap<>();
    init.bundles().forEach(bundle -> configs.put(bundle.directory() + "/config.json", bundle.configJson()));
    List<PlanEntry> rootfs = new ArrayList<>();
    for (PlanEntry entry : plan.rootfs()) {
      byte[] config = configs.get(entry.path());
      boolean changed = config != null && !Arrays.equals(config, inline(byPath, entry.path()));
      rootfs.add(changed ? entry.withNode(new PlanEntry.File(ContentRef.Inline.of(config))) : entry);
    }
    Attributes attributes = Attributes.of(new Metadata(0755, 0, 0, plan.sourceDateEpoch().generated()), Provenance.of("generated init"));
    rootfs.add(new PlanEntry(INIT, attributes, new PlanEntry.File(ContentRef.Inline.of(script))));
    TreeMap<String, Long> figures = new TreeMap<>(Map.of("bundles", (long) plan.bundles().size(),
        "bytes", (long) script.length));
    return plan.withKernel(plan.kernel().map(kernel -> kernel.alsoImplying(InitScript.POWER_BUTTON_MODULES,
            "the generated init's ACPI power button")))
        .after(rootfs, new PassReport("init", 0, 0, figures), warnings(plan, init));
  }

  /** The paths this looks at: {@code /init}, busybox and each bundle's generated files. */
  private static Set<String> wanted(BuildPlan plan) {
    Set<String> paths = new HashSet<>(List.of(INIT, BUSYBOX));
    for (Bundle bundle : plan.bundles()) {
      paths.add(bundle.directory() + "/config.json");
      paths.add(bundle.directory() + "/runtime.json");
    }
    return paths;
  }

  /** The last entry of the plan at each of {@code paths} that it has: what stands there once layers are flattened. */
  private static Map<String, PlanEntry> lastAt(BuildPlan plan, Set<String> paths) {
    Map<String, PlanEntry> byPath = new HashMap<>();
    for (PlanEntry entry : plan.rootfs()) {
      if (paths.contains(entry.path())) {
        byPath.put(entry.path(), entry);
      }
    }
    return byPath;
  }

  /** The launchers' warnings, each at the place in the spec where its container was written. */
  private static List<PlanWarning> warnings(BuildPlan plan, GeneratedInit init) {
    List<PlanWarning> warnings = new ArrayList<>();
    for (GeneratedInit.Warning warning : init.warnings()) {
      plan.bundles().stream().filter(bundle -> bundle.directory().equals(warning.bundleDirectory())).findFirst()
          .ifPresent(bundle -> warnings.add(new PlanWarning(plan.locations().get(bundle.location()),
              bundle.name() + " " + warning.message())));
    }
    return warnings;
  }

  private static byte[] inline(Map<String, PlanEntry> byPath, String path) {
    Optional<PlanEntry> entry = Optional.ofNullable(byPath.get(path));
    if (entry.isPresent() && entry.get().node() instanceof PlanEntry.File file && file.content() instanceof ContentRef.Inline bytes) {
      return bytes.bytes();
    }
    throw new IllegalStateException("lowering left no generated " + path);
  }
}
