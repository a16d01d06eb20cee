package dev.imgc.spec.model;

import java.util.List;

/** An OCI mount in an image's {@code mounts} or {@code runtime.mounts}; empty strings where not given. */
public record Mount(String destination, String type, String source, List<String> options) {
  public Mount {
    options = List.copyOf(options);
  }
}
