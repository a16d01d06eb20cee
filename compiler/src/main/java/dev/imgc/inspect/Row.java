package dev.imgc.inspect;

import java.util.ArrayList;
import java.util.List;

/** A fact about a part that is not a file: a partition, a boot catalog entry, a PE section. */
public record Row(List<Field> fields) {
  public Row {
    fields = List.copyOf(fields);
  }

  /** Builds a row field by field, in the order they are to be printed. */
  static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    Builder put(String key, Object value) {
      fields.add(new Field(key, String.valueOf(value)));
      return this;
    }

    Row build() {
      return new Row(fields);
    }
  }

  static Builder builder() {
    return new Builder();
  }
}
