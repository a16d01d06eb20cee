package dev.imgc.plan;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a set of kernel modules needs, from the modules' own .modinfo: the closure {@code kernel.modules}
 * keeps, and the order modules are loaded in, each after those it needs.
 */
public final class ModuleClosure {
  private ModuleClosure() {}

  /**
   * {@code wanted} and every module they need, transitively: their dependencies, and their soft
   * dependencies, each the module of that name or every module with that alias ({@code crc32c} is
   * an alias of crc32c_generic and crc32c_intel). Names the graph lacks (built in) are skipped.
   */
  public static SortedMap<String, KernelModule> closure(Collection<String> wanted, Map<String, KernelModule> modules) {
    SortedMap<String, KernelModule> kept = new TreeMap<>();
    List<String> queue = new ArrayList<>(wanted.stream().map(n -> n.replace('-', '_')).toList());
    while (!queue.isEmpty()) {
      KernelModule module = modules.get(queue.remove(queue.size() - 1));
      if (module != null && kept.put(module.name(), module) == null) {
        queue.addAll(module.depends());
        queue.addAll(softDependencies(module, modules));
      }
    }
    return kept;
  }

  /**
   * The modules to load, one by one with {@code insmod}, for {@code wanted} to work: each wanted module
   * after everything it needs (soft dependencies too, as modprobe loads a {@code pre:} softdep first),
   * each module once, the wanted ones in their order. Names {@code modules} lacks (built in, or not in
   * the kernel) are skipped.
   */
  public static List<KernelModule> loadOrder(List<String> wanted, Map<String, KernelModule> modules) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> order = new ArrayList<>();
    for (String name : wanted) {
      KernelModule module = modules.get(name.replace('-', '_'));
      if (module != null) {
        visit(module, modules, seen, order, true);
      }
    }
    return order.stream().map(modules::get).toList();
  }

  /** Post-order over the dependencies: every module comes after all it needs (its soft dependencies too when asked). */
  public static List<String> dependenciesFirst(KernelModule module, Map<String, KernelModule> modules) {
    List<String> order = new ArrayList<>();
    visit(module, modules, new LinkedHashSet<>(), order, false);
    return order;
  }

  private static void visit(KernelModule module, Map<String, KernelModule> modules, Set<String> seen,
      List<String> order, boolean soft) {
    if (!seen.add(module.name())) {
      return;
    }
    List<String> needed = new ArrayList<>(soft ? softDependencies(module, modules) : List.of());
    needed.addAll(module.depends());
    for (String dependency : needed) {
      KernelModule other = modules.get(dependency);
      if (other != null) {
        visit(other, modules, seen, order, soft);
      }
    }
    order.add(module.name());
  }

  /** The modules {@code module}'s soft dependencies name, directly or as an alias. */
  private static List<String> softDependencies(KernelModule module, Map<String, KernelModule> modules) {
    List<String> names = new ArrayList<>();
    for (String soft : module.softdeps()) {
      String name = soft.replace('-', '_');
      if (modules.containsKey(name)) {
        names.add(name);
      } else {
        modules.values().stream().filter(m -> m.aliases().contains(soft)).map(KernelModule::name).forEach(names::add);
      }
    }
    return names;
  }
}
