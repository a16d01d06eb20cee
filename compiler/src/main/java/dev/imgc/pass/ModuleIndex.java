package dev.imgc.pass;

import dev.imgc.plan.KernelModule;
import dev.imgc.plan.ModuleClosure;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * The index files modprobe reads, made from the modules' own .modinfo:
 * {@code modules.dep} ({@code kernel/…/a.ko: kernel/…/b.ko …}, each dependency listed before the
 * ones it needs, as depmod writes it, so that modprobe loads the list from its end) and
 * {@code modules.alias}.
 */
final class ModuleIndex {
  private ModuleIndex() {}

  static String modulesDep(SortedMap<String, KernelModule> modules) {
    StringBuilder out = new StringBuilder();
    modules.values().stream().sorted(java.util.Comparator.comparing(KernelModule::pathInTree)).forEach(module -> {
      out.append(module.pathInTree()).append(':');
      List<String> loadOrder = new ArrayList<>(ModuleClosure.dependenciesFirst(module, modules));
      loadOrder.remove(module.name());
      for (int i = loadOrder.size() - 1; i >= 0; i--) {
        out.append(' ').append(modules.get(loadOrder.get(i)).pathInTree());
      }
      out.append('\n');
    });
    return out.toString();
  }

  static String modulesAlias(SortedMap<String, KernelModule> modules) {
    StringBuilder out = new StringBuilder("# Aliases extracted from modules themselves.\n");
    for (KernelModule module : modules.values()) {
      for (String alias : module.aliases()) {
        out.append("alias ").append(alias).append(' ').append(module.name()).append('\n');
      }
    }
    return out.toString();
  }
}
