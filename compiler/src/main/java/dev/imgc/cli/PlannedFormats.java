package dev.imgc.cli;

import dev.imgc.emit.Format;
import dev.imgc.emit.RootFs;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options that change what a build plans, which {@code imgc plan} and {@code imgc compile} share
 * so that a plan is the one the compile with the same options builds: the formats (one that boots a
 * root on a disk keeps the kernel modules the boot stage loads) and where the boot disks keep the root.
 */
final class PlannedFormats {
  @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "kernel+initrd",
      completionCandidates = FormatNames.class,
      description = "Formats to write, which the plan is for (default: ${DEFAULT-VALUE}): ${COMPLETION-CANDIDATES}.")
  List<String> formats;

  @Option(names = "--root-fs", paramLabel = "initrd|squashfs|erofs|ext4", defaultValue = "initrd",
      description = "Where the boot disks (raw-bios, raw-efi and the formats holding them) keep the root filesystem: "
          + "in the initrd, in memory (default), or in a partition of its own, squashfs or erofs (read-only, its writes "
          + "kept in memory) or ext4 (read-write), which a small boot stage mounts.")
  String rootFs;

  /** The formats asked, in the order given; an exception names an unknown one or two that write one file. */
  Set<Format> formats() {
    Set<Format> chosen = new LinkedHashSet<>();
    formats.forEach(format -> chosen.add(Format.named(format.strip())));
    Format.checkTogether(chosen);
    return chosen;
  }

  /** Where the boot disks keep the root; an exception lists the names there are. */
  RootFs rootFs() {
    return RootFs.named(rootFs);
  }
}
