package dev.imgc.inspect;

import java.util.List;

/** What an artifact holds, part by part, in the order the parts come in the artifact. */
public record Listing(List<Part> parts) {
  public Listing {
    parts = List.copyOf(parts);
  }
}
