package dev.imgc.plan.lower;

import dev.imgc.spec.model.RuntimeSetup;

/**
 * What a container's configuration comes to: the OCI runtime {@code config.json} (image config <
 * the image's {@code org.mobyproject.config} label < the spec, with LinuxKit's defaults), whether
 * its root is read-only (which decides the bundle's layout), and the {@code runtime} section
 * LinuxKit's init acts on, label and spec merged.
 */
public record BundleConfig(byte[] configJson, boolean readonlyRoot, RuntimeSetup runtime) {
  public BundleConfig {
    configJson = configJson.clone();
  }

  @Override
  public byte[] configJson() {
    return configJson.clone();
  }
}
