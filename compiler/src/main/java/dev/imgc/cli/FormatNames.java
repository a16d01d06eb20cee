package dev.imgc.cli;

import dev.imgc.emit.Format;
import java.util.Arrays;
import java.util.Iterator;

/** The output formats' names, as picocli's completion candidates: help text and shell completion list them from {@link Format}. */
final class FormatNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(Format.values()).map(Format::userName).iterator();
  }

  /** The formats a machine boots, quickest first, for {@code imgc run}. */
  static final class Bootable implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Format.bootable().stream().map(Format::userName).iterator();
    }
  }
}
