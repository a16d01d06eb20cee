package dev.imgc.cli;

import static dev.imgc.cli.ImgcRun.imgc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    Path spec = Files.writeString(tmp.resolve("a.yml"), "kernel:\n  image: x\n");
    String out = tmp.resolve("out").toString();
    ImgcRun noDisk = imgc("compile", spec.toString(), "-o", out, "--format", "kernel+initrd", "--root-fs", "squashfs");
    assertEquals(2, noDisk.status(), noDisk.err());
    assertTrue(noDisk.err().contains("--root-fs squashfs places the root on the boot disks of raw-bios, raw-efi, qcow2-bios, "
        + "qcow2-efi, vhd, dynamic-vhd, vmdk, gcp, aws, and none is asked"), noDisk.err());
    ImgcRun unknown = imgc("compile", spec.toString(), "-o", out, "--format", "raw-efi", "--root-fs", "btrfs");
    assertEquals(2, unknown.status(), unknown.err());
    assertTrue(unknown.err().contains("unknown root filesystem 'btrfs': use one of initrd, squashfs, erofs, ext4"), unknown.err());
    ImgcRun size = imgc("compile", spec.toString(), "-o", out, "--format", "raw-efi", "--root-fs", "squashfs",
        "--root-size", "1G");
    assertEquals(2, size.status(), size.err());
    assertTrue(size.err().contains("--root-size sizes an ext4 root"), size.err());
    ImgcRun dax = imgc("compile", spec.toString(), "-o", out, "--format", "raw-efi", "--dax-header");
    assertEquals(2, dax.status(), dax.err());
    assertTrue(dax.err().contains("--dax-header puts Kata's NVDIMM header in front of the disk of rootfs-ext4 or rootfs-erofs, and neither is asked"),
        dax.err());
    ImgcRun erofs = imgc("compile", spec.toString(), "-o", out, "--format", "raw-efi,kernel+squashfs", "--erofs-compress",
        "lz4");
    assertEquals(2, erofs.status(), erofs.err());
    assertTrue(erofs.err().contains("--erofs-compress compresses an erofs root, of kernel+erofs, rootfs-erofs or a boot "
        + "disk with --root-fs erofs, and none is asked"), erofs.err());
    ImgcRun zstd = imgc("compile", spec.toString(), "-o", out, "--format", "kernel+erofs", "--erofs-compress", "zstd");
    assertEquals(2, zstd.status(), zstd.err());
    assertTrue(zstd.err().contains("unknown erofs compression 'zstd': use lz4 or none"), zstd.err());
    assertTrue(Files.notExists(tmp.resolve("out")));
  }
}
