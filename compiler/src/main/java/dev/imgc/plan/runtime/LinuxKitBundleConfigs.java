package dev.imgc.plan.runtime;

import dev.imgc.image.oci.ImageConfig;
import dev.imgc.plan.lower.BundleConfig;
import dev.imgc.plan.lower.BundleConfigGenerator;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.spec.model.ImageSpec;
import dev.imgc.spec.model.Spec;

/**
 * The lowering's {@link BundleConfigGenerator} backed by {@link RuntimeConfigs}: each container's
 * {@code config.json} with LinuxKit's semantics, volume names in binds resolved against the spec's
 * volumes and container names in {@code uid}/{@code gid} numbered as the spec's containers are
 * ({@link IdAllocator}). A container that cannot be configured is a {@link LoweringException} at the place in the
 * spec that causes it.
 */
public final class LinuxKitBundleConfigs implements BundleConfigGenerator {
  private final IdAllocator ids;
  private final Volumes volumes;

  private LinuxKitBundleConfigs(IdAllocator ids, Volumes volumes) {
    this.ids = ids;
    this.volumes = volumes;
  }

  /** The generator for the containers of {@code spec}. */
  public static LinuxKitBundleConfigs of(Spec spec) {
    return new LinuxKitBundleConfigs(IdAllocator.of(spec), Volumes.of(spec));
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
