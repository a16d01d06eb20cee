package dev.imgc.spec.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Immutable maps in key order, so that everything made from a spec iterates the same way every time. */
final class Maps {
  private Maps() {}

  static SortedMap<String, String> sortedCopy(Map<String, String> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
