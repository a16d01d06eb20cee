package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk formats' options and clashes are usage errors, found before any spec is read or file written. */
class CompileDiskOptionsTest {
  @TempDir Path tmp;

  @Test
  void formatsThatWriteOneFileAreAUsageError() throws Exception {
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    Path out = tmp.resolve("out");
    ImgcRun run = imgc("compile", spec.toString(), "-o", out.toString(), "--format", "vhd,dynamic-vhd");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains("formats vhd and dynamic-vhd both write NAME.vhd; ask for one of them"), run.err());
    assertTrue(Files.notExists(out));
  }

  @Test
  void aDiskSizeThatIsNotWholeMibIsAUsageError() throws Exception {
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    ImgcRun run = imgc("compile", spec.toString(), "-o", tmp.resolve("out").toString(), "--format", "qcow2-bios",
        "--disk-size", "1.5G");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains("'1.5G' is not a disk size; write a whole number of MiB, GiB or TiB such as 512M, 2G or 1T"),
        run.err());
  }

  @Test
  void rootOptionsTheFormatsDoNotUseAreUsageErrors() throws Exception {
    refused("--root-fs squashfs places the root on the boot disks of raw-bios, raw-efi, qcow2-bios, qcow2-efi, vhd, "
        + "dynamic-vhd, vmdk, gcp, aws, and none is asked", "--format", "kernel+initrd", "--root-fs", "squashfs");
    refused("unknown root filesystem 'btrfs': use one of initrd, squashfs, erofs, ext4", "--format", "raw-efi", "--root-fs", "btrfs");
    refused("--root-size sizes an ext4 root", "--format", "raw-efi", "--root-fs", "squashfs", "--root-size", "1G");
    refused("--dax-header puts Kata's NVDIMM header in front of the disk of rootfs-ext4 or rootfs-erofs, and neither is asked",
        "--format", "raw-efi", "--dax-header");
    refused("--erofs-compress compresses an erofs root, of kernel+erofs, rootfs-erofs or a boot disk with --root-fs erofs, "
        + "and none is asked", "--format", "raw-efi,kernel+squashfs", "--erofs-compress", "lz4");
    refused("unknown erofs compression 'zstd': use lz4 or none", "--format", "kernel+erofs", "--erofs-compress", "zstd");
  }

  @Test
  void aGptIsForTheKataDisksAndHasNoDaxHeader() throws Exception {
    refused("--partition-table gpt chooses the partition table of the disk of rootfs-ext4 or rootfs-erofs, and neither is "
        + "asked (raw-efi is always GPT, raw-bios MBR)", "--format", "raw-efi", "--partition-table", "gpt");
    refused("--dax-header writes Kata osbuilder's NVDIMM layout, which has an MBR in front of the header and another behind "
        + "it and no GPT form; leave out --dax-header or --partition-table gpt",
        "--format", "rootfs-ext4", "--partition-table", "gpt", "--dax-header");
    refused("unknown partition table 'apm': use one of mbr, gpt", "--format", "rootfs-ext4", "--partition-table", "apm");
  }

  /** Compiling a spec with {@code options} is a usage error (exit status 2) saying {@code sentence}, and writes nothing. */
  private void refused(String sentence, String... options) throws Exception {
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    Path out = tmp.resolve("out");
    List<String> arguments = new ArrayList<>(List.of("compile", spec.toString(), "-o", out.toString()));
    arguments.addAll(List.of(options));
    ImgcRun run = imgc(arguments.toArray(String[]::new));
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().contains(sentence), run.err());
    assertTrue(Files.notExists(out));
  }
}
