package dev.imgc.emit.bind;

import dev.imgc.boot.init.BootStage;
import dev.imgc.emit.Appliance;
import dev.imgc.emit.ApplianceDigests;
import dev.imgc.emit.FileBytes;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.fs.oci.ContainerConfig;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.KernelModule;
import dev.imgc.plan.KernelPlan;
import dev.imgc.plan.ModuleClosure;
import dev.imgc.plan.PlanDigests;
import dev.imgc.plan.PlanEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Binds a plan to the bytes it refers to: the {@link Appliance} the emitters write. This is where
 * the plan's content references become streams, through a {@link ContentCache} filled when the first
 * is read.
 */
public final class PlanBinding {
  private PlanBinding() {}

  /**
   * The appliance of {@code plan}; without a kernel in the plan, one only the root filesystem's
   * formats are written from.
   *
   * @throws IllegalArgumentException when the plan still holds layer markers because the flatten
   *     pass was left out
   */
  public static Appliance bind(BuildPlan plan, String name, ContentCache cache) throws IOException {
    Optional<KernelPlan> kernel = plan.kernel();
    List<ContentRef> refs = new ArrayList<>();
    Map<Digest, String> images = new HashMap<>();
    kernel.ifPresent(k -> {
      refs.add(k.kernel());
      k.ucode().ifPresent(refs::add);
      refs.forEach(ref -> layer(ref).ifPresent(layer -> images.put(layer, k.image())));
    });
    for (PlanEntry entry : plan.rootfs()) {
      if (entry.node() instanceof PlanEntry.File file) {
        refs.add(file.content());
        layer(file.content()).ifPresent(layer ->
            entry.attributes().provenance().image().ifPresent(image -> images.putIfAbsent(layer, image)));
      } else if (entry.node() instanceof PlanEntry.Whiteout || entry.node() instanceof PlanEntry.OpaqueDirectory) {
        throw new IllegalArgumentException(entry.path() + " is still a layer marker (" + entry.attributes().provenance()
            + "); the flatten pass must run for a plan to be written");
      }
    }
    cache.fillOnFirstUse(refs, images);
    BoundRoot rootfs = new BoundRoot(plan.rootfs(), cache);
    List<String> bootModules = kernel.map(k -> ModuleClosure.loadOrder(BootStage.MODULES, k.modules()).stream()
        .map(KernelModule::path).toList()).orElse(List.of());
    return new Appliance(name, kernel.map(k -> bytes(k.kernel(), cache)), kernel.map(KernelPlan::cmdline).orElse(""),
        kernel.flatMap(KernelPlan::ucode).map(ucode -> bytes(ucode, cache)), rootfs, bootModules, digests(plan, kernel),
        plan.sourceDateEpoch().generated(), plan.rootConfig().map(PlanBinding::containerConfig));
  }

  /** What a container engine reads of an image's run configuration, absent members as empty ones. */
  private static ContainerConfig containerConfig(RuntimeConfig config) {
    return new ContainerConfig(orEmpty(config.entrypoint()), orEmpty(config.cmd()), orEmpty(config.env()),
        Objects.requireNonNullElse(config.workingDir(), ""), Objects.requireNonNullElse(config.user(), ""),
        config.labels() == null ? new TreeMap<>() : config.labels());
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }

  /** The layer the bytes of {@code ref} are copied from, if they are a layer's. */
  private static Optional<Digest> layer(ContentRef ref) {
    if (ref instanceof ContentRef.LayerMember m) {
      return Optional.of(m.layer());
    } else if (ref instanceof ContentRef.TarMember m) {
      return Optional.of(m.layer());
    }
    return Optional.empty();
  }

  private static ApplianceDigests digests(BuildPlan plan, Optional<KernelPlan> kernel) {
    PlanDigests digests = plan.digests();
    return new ApplianceDigests(digests.plan().hex(), digests.rootfs().hex(), kernel.map(k -> k.kernel().sha256().hex()),
        kernel.flatMap(KernelPlan::ucode).map(ucode -> ucode.sha256().hex()));
  }

  private static FileBytes bytes(ContentRef ref, ContentCache cache) {
    return new FileBytes(ref.size(), cache.content(ref));
  }

  /** The entry the writers take for {@code entry}, which is no layer marker. */
  static Entry entry(PlanEntry entry, ContentCache cache) {
    Metadata planned = entry.attributes().metadata();
    // Most entries have no extended attributes: they keep the plan's metadata instead of a copy each.
    Metadata metadata = entry.attributes().xattrs().isEmpty() && planned.xattrs().isEmpty()
        ? planned : planned.withXattrs(Xattr.linuxKeeps(entry.attributes().xattrs()));
    String path = entry.path();
    if (entry.node() instanceof PlanEntry.File f) {
      // known by its digest, so the initrd segment holding it is found again in the build cache
      return new Entry.RegularFile(path, metadata, f.content().size(), cache.content(f.content()));
    } else if (entry.node() instanceof PlanEntry.Directory) {
      return new Entry.Directory(path, metadata);
    } else if (entry.node() instanceof PlanEntry.Symlink s) {
      return new Entry.Symlink(path, metadata, s.target());
    } else if (entry.node() instanceof PlanEntry.HardLink h) {
      return new Entry.HardLink(path, metadata, h.target());
    } else if (entry.node() instanceof PlanEntry.Device d) {
      return new Entry.Device(path, metadata, d.kind(), d.major(), d.minor());
    } else if (entry.node() instanceof PlanEntry.Fifo) {
      return new Entry.Fifo(path, metadata);
    }
    throw new IllegalStateException(path + " is a layer marker, which bind refuses");
  }
}
