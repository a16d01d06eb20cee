package dev.imgc.pass;

import dev.imgc.plan.KernelModule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The module closure and the index files modprobe reads, made from the modules' own .modinfo:
 * {@code modules.dep} ({@code kernel/…/a.ko: kernel/…/b.ko …}, each dependency listed before the
 * ones it needs, as depmod writes it, so that modprobe loads the list from its end) and
 * {@code modules.alias}.
 */
final class ModuleIndex {
  private ModuleIndex() {}

  /**
   * {@code wanted} and every module they need, transitively: their dependencies, and their soft
   * dependencies, each the module of that name or every module with that alias ({@code crc32c} is
   * an alias of crc32c_generic and crc32c_intel). Names the graph lacks (built in) are skipped.
   */
  static SortedMap<String, KernelModule> closure(Collection<String> wanted, Map<String, KernelModule> modules) {
    SortedMap<String, KernelModule> kept = new TreeMap<>();
    List<String> queue = new ArrayList<>(wanted.stream().map(n -> n.replace('-', '_')).toList());
    while (!queue.isEmpty()) {
      KernelModule module = modules.get(queue.remove(queue.size() - 1));
      if (module != null && kept.put(module.name(), module) == null) {
        queue.addAll(module.depends());
        for (String soft : module.softdeps()) {
          String name = soft.replace('-', '_');
          if (modules.containsKey(name)) {
            queue.add(name);
          } else {
            modules.values().stream().filter(m -> m.aliases().contains(soft)).map(KernelModule::name).forEach(queue::add);
          }
        }
      }
    }
    return kept;
  }

  static String modulesDep(SortedMap<String, KernelModule> modules) {
    StringBuilder out = new StringBuilder();
    modules.values().stream().sorted(java.util.Comparator.comparing(KernelModule::pathInTree)).forEach(module -> {
      out.append(module.pathInTree()).append(':');
      List<String> loadOrder = new ArrayList<>();
      dependenciesFirst(module, modules, new LinkedHashSet<>(), loadOrder);
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

  /** Post-order over the dependencies: every module comes after all it needs. */
  private static void dependenciesFirst(KernelModule module, Map<String, KernelModule> modules, Set<String> seen,
      List<String> order) {
    if (!seen.add(module.name())) {
      return;
    }
    for (String dependency : module.depends()) {
      KernelModule needed = modules.get(dependency);
      if (needed != null) {
        dependenciesFirst(needed, modules, seen, order);
      }
    }
    order.add(module.name());
  }
}
