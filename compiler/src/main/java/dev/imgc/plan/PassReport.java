package dev.imgc.plan;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one stage did to the plan, for {@code imgc plan} to show: how many entries it removed, how
 * many bytes of file content the root no longer holds, and figures of its own by name
 * ({@code layersRead}, {@code modulesKept}, …).
 */
public record PassReport(String name, long entriesRemoved, long bytesSaved, SortedMap<String, Long> figures) {
  public PassReport {
    figures = Collections.unmodifiableSortedMap(new TreeMap<>(figures));
  }
}
