package dev.imgc.plan.lower;

import dev.imgc.image.oci.ImageConfig;
import dev.imgc.plan.runtime.ContainerConfigException;
import dev.imgc.plan.runtime.IdAllocator;
import dev.imgc.plan.runtime.RuntimeConfigs;
import dev.imgc.plan.runtime.Volumes;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;

/**
 * Bundle configurations with LinuxKit's semantics ({@link RuntimeConfigs}): image config < the
 * image's {@code org.mobyproject.config} label < the spec, and LinuxKit's defaults.
 */
public final class OciBundleConfigs implements BundleConfigGenerator {
  private final IdAllocator ids;
  private final Volumes volumes;

  /** Configurations for the containers of {@code spec}, whose names and volumes they may refer to. */
  public OciBundleConfigs(Spec spec) {
    this.ids = IdAllocator.of(spec);
    this.volumes = Volumes.of(spec);
  }

  @Override
  public BundleConfig generate(ImageSpec spec, ImageConfig imageConfig) {
    try {
      RuntimeConfigs.Result result = RuntimeConfigs.generate(spec, imageConfig, ids, volumes);
      return new BundleConfig(result.configJson(), result.readonlyRoot(), result.runtime());
    } catch (ContainerConfigException e) {
      throw new LoweringException(e.source(), e.getMessage(), e);
    }
  }
}
