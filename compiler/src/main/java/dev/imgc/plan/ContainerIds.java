package dev.imgc.plan;

import java.util.Collections;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The user and group ids LinuxKit gives containers so that a spec can name them: each onboot,
 * onshutdown and service entry, in that order, gets the next id from 100. A {@code uid: NAME} or
 * {@code gid: NAME} means that container's id; {@code root} and the empty name mean 0.
 */
public record ContainerIds(SortedMap<String, Long> byName) {
  public static final long FIRST = 100;

  public ContainerIds {
    byName = Collections.unmodifiableSortedMap(new TreeMap<>(byName));
  }

  public OptionalLong lookup(String name) {
    if (name.isEmpty() || name.equals("root")) {
      return OptionalLong.of(0);
    }
    Long id = byName.get(name);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }
}
