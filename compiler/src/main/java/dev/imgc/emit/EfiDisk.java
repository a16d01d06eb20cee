package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatType;
import dev.imgc.fs.part.DiskLayout;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The UEFI disk ({@code raw-efi}, and inside {@code qcow2-efi}): a GPT disk whose one partition is the
 * {@link SystemdBootEsp}, formatted FAT32 as the UEFI specification asks of a system partition on a
 * fixed disk (some firmware refuses FAT16 there). FAT32 needs at least 65,525 clusters, so the disk is
 * at least 34 MiB; what the contents leave free is written as holes, so the file stays small on disk.
 * With {@code --root-fs} other than initrd, a second partition holds the root filesystem, typed as the
 * Discoverable Partitions Specification types a root for the machine, and the ESP holds the boot stage
 * that mounts it.
 */
record EfiDisk() implements BootDisk {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(architecture.systemdBoot()));
  }

  @Override
  public void write(Emission emission, Path target) throws IOException {
    Identity ids = emission.identity();
    UUID rootGuid = ids.guid("raw-efi root partition");
    DiskRoot root = new DiskRoot(emission.diskOptions().rootFs(), rootGuid.toString());
    FatImage esp = SystemdBootEsp.layout(emission,
        emission.fatOptions("raw-efi").withType(FatType.FAT32).withHiddenSectors(DiskLayout.FIRST_LBA),
        root.entry(emission), root.initrd(emission));
    List<GptDisk.Partition> partitions = new ArrayList<>();
    partitions.add(new GptDisk.Partition(Guids.EFI_SYSTEM, ids.guid("raw-efi esp partition"), "EFI System", esp));
    if (root.type().onDisk()) {
      partitions.add(new GptDisk.Partition(emission.architecture().rootPartitionType(), rootGuid, "root",
          root.filesystem(emission)));
    }
    GptDisk disk = new GptDisk(ids.guid("raw-efi disk"), partitions, emission.diskOptions().size());
    Emission.writeImage(disk, target);
  }

  @Override
  public String name() {
    return "efi";
  }
}
