package dev.imgc.plan.runtime;

import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The user and group ids LinuxKit gives names: every onboot, onshutdown and service container, in
 * that order, is numbered from 100 up, so that {@code uid: sshd} or a file's {@code gid: sshd} is
 * the number of the container named {@code sshd}. A name used twice keeps its last number, as in
 * LinuxKit. {@code root} and the empty name are 0.
 */
public final class IdAllocator {
  static final long FIRST = 100;
  private static final long MAX_ID = 0xFFFF_FFFFL;

  private final Map<String, Long> byName;

  private IdAllocator(Map<String, Long> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static IdAllocator of(Spec spec) {
    return of(Stream.of(spec.onboot(), spec.onshutdown(), spec.services()).flatMap(List::stream).toList());
  }

  /** The ids of {@code containers}, numbered in the order given. */
  public static IdAllocator of(List<ImageSpec> containers) {
    Map<String, Long> byName = new HashMap<>();
    long next = FIRST;
    for (ImageSpec container : containers) {
      byName.put(container.name().value(), next++);
    }
    return new IdAllocator(byName);
  }

  /**
   * The number of {@code id}: a number as it is, {@code root} or the empty name 0, a container's
   * name its allocated number; empty for any other name and for numbers outside 0..2^32-1.
   */
  public OptionalLong resolve(Id id) {
    if (id instanceof Id.Numeric numeric) {
      return numeric.id() >= 0 && numeric.id() <= MAX_ID ? OptionalLong.of(numeric.id()) : OptionalLong.empty();
    }
    String name = ((Id.Named) id).name();
    if (name.isEmpty() || name.equals("root")) {
      return OptionalLong.of(0);
    }
    Long number = byName.get(name);
    return number == null ? OptionalLong.empty() : OptionalLong.of(number);
  }
}
