package dev.imgc.emit;

import dev.imgc.boot.BootAssets;
import dev.imgc.fs.fat.FatImage;
import dev.imgc.fs.fat.FatType;
import dev.imgc.fs.part.DiskLayout;
import dev.imgc.fs.part.GptDisk;
import dev.imgc.fs.part.Guids;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The UEFI disk ({@code raw-efi}, and inside {@code qcow2-efi}): a GPT disk whose one partition is the
 * {@link SystemdBootEsp}, formatted FAT32 as the UEFI specification asks of a system partition on a
 * fixed disk (some firmware refuses FAT16 there). FAT32 needs at least 65,525 clusters, so the disk is
 * at least 34 MiB; what the contents leave free is written as holes, so the file stays small on disk.
 */
record EfiDisk() implements BootDisk {
  @Override
  public List<Path> hostFiles(BootAssets assets, Architecture architecture) {
    return List.of(assets.locate(architecture.systemdBoot()));
  }

  @Override
  public void write(Emission emission, Path target) throws IOException {
    Identity ids = emission.identity();
    FatImage esp = SystemdBootEsp.layout(emission,
        emission.fatOptions("raw-efi").withType(FatType.FAT32).withHiddenSectors(DiskLayout.FIRST_LBA));
    GptDisk disk = new GptDisk(ids.guid("raw-efi disk"),
        List.of(new GptDisk.Partition(Guids.EFI_SYSTEM, ids.guid("raw-efi esp partition"), "EFI System", esp)),
        emission.diskOptions().size());
    Emission.writeImage(disk, target);
  }

  @Override
  public String name() {
    return "efi";
  }
}
