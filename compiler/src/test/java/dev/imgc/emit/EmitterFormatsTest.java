package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imgc.boot.BootAssets;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.compress.Compression;
import dev.imgc.image.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every format of one small appliance, emitted once, each file checked with the tools that read
 * that format: cpio, gzip, xorriso, mtools, fsck.fat, sfdisk, sgdisk, tar, skopeo and objdump.
 */
class EmitterFormatsTest {
  private static final String NAME = "sample";
  private static final List<String> SAMPLE_PATHS = List.of("bin/tool", "bin/tool2", "bin/sh", "dev/null", "dev/sda",
      "dev/pipe", "etc/motd", "etc/motd.again", "etc/empty");

  @TempDir static Path out;
  @TempDir static Path work;
  static Appliance appliance;
  static List<Path> written;
  /** LinuxKit's names of the formats, and imgc's uki and oci. */
  private static final String ALL_NAMES = "kernel+initrd, iso-bios, iso-efi, iso-efi-initrd, raw-bios, raw-efi, tar, oci,"
      + " uki, kernel+squashfs, rootfs-ext4, kernel+erofs, rootfs-erofs, qcow2-bios, qcow2-efi, vhd, dynamic-vhd, vmdk, gcp, aws, docker,"
      + " tar-kernel-initrd, kernel+iso";

  @BeforeAll
  static void emitEveryFormat() throws IOException {
    appliance = EmitFixtures.sample(NAME);
    written = Emitter.emit(appliance, EmitFixtures.together(EnumSet.allOf(Format.class)), out, EmitOptions.defaults());
  }

  @Test
  void everyFormatWritesLinuxKitsFileNamesAndNothingElse() throws IOException {
    List<String> expected = List.of("sample-kernel", "sample-initrd.img", "sample-cmdline", "sample.iso",
        "sample-efi.iso", "sample-efi-initrd.iso", "sample-bios.img", "sample-efi.img", "sample.tar",
        "sample-oci.tar", "sample.efi", "sample-boot-initrd.img", "sample-squashfs.img", "sample-rootfs-ext4-cmdline",
        "sample-rootfs-ext4.img", "sample-erofs.img", "sample-rootfs-erofs-cmdline", "sample-rootfs-erofs.img", "sample.qcow2", "sample-efi.qcow2", "sample.vhd", "sample.vmdk", "sample.img.tar.gz",
        "sample.raw", "sample-docker.tar", "sample-initrd.tar");
    assertEquals(expected, written.stream().map(p -> p.getFileName().toString()).toList());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(expected.stream().sorted().toList(), files.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary file is left behind");
    }
    Path plain = Files.createFile(work.resolve("created-as-usual"));
    for (Path file : written) {
      assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file),
          () -> file + " has the permissions of any new file (0666 less the umask), not owner-only ones");
    }
  }

  @Test
  void kernelInitrdHasTheKernelTheCommandLineAndAnInitrdOfMicrocodeThenTheGzippedRoot() throws Exception {
    assertArrayEquals(readAll(appliance.bootKernel()), Files.readAllBytes(out.resolve("sample-kernel")));
    assertEquals(EmitFixtures.CMDLINE, Files.readString(out.resolve("sample-cmdline")));
    Path initrd = out.resolve("sample-initrd.img");
    assertInitrd(initrd, "gzip");
  }

  @Test
  void theInitrdIsCompressedAsAsked() throws Exception {
    Path dir = work.resolve("zstd");
    Emitter.emit(appliance, EnumSet.of(Format.KERNEL_INITRD), dir,
        new EmitOptions(Compression.ZSTD, EmitOptions.defaults().bootAssets(), Optional.empty(), Platform.DEFAULT));
    assertInitrd(dir.resolve("sample-initrd.img"), "zstd");
  }

  @Test
  void isoBiosBootsIsolinuxFromElToritoAndIsAHybridDisk() throws Exception {
    Path iso = out.resolve("sample.iso");
    String report = check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
    assertTrue(report.contains("El Torito boot img :   1  BIOS  y   none"), report);
    assertTrue(report.contains("/isolinux/isolinux.bin"), report);
    assertEquals(List.of("/initrd.img", "/isolinux/isolinux.bin", "/isolinux/isolinux.cfg", "/isolinux/ldlinux.c32",
        "/kernel"), isoFiles(iso));
    String cfg = extractFromIso(iso, "/isolinux/isolinux.cfg");
    assertTrue(cfg.contains("KERNEL /kernel") && cfg.contains("INITRD /initrd.img")
        && cfg.contains("APPEND " + EmitFixtures.CMDLINE), cfg);
    assertTrue(check("sfdisk", "-J", iso.toString()).contains("\"bootable\": true"));
    assertArrayEquals(Arrays.copyOf(Files.readAllBytes(Path.of("/usr/lib/ISOLINUX/isohdpfx.bin")), 432),
        Arrays.copyOf(Files.readAllBytes(iso), 432), "isohdpfx's MBR code starts the hybrid image");
  }

  @Test
  void isoEfiHasAnEfiElToritoImageWithSystemdBootItsEntryTheKernelAndInitrd() throws Exception {
    Path iso = out.resolve("sample-efi.iso");
    String report = check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain");
    assertTrue(report.contains("UEFI"), report);
    Path esp = work.resolve("iso-efi-esp.img");
    extractFromIso(iso, "/boot/efi.img", esp);
    check("fsck.fat", "-n", esp.toString());
    assertEquals(List.of("EFI/BOOT/BOOTX64.EFI", "initrd.img", "kernel", "loader/entries/sample.conf",
        "loader/loader.conf"), fatFiles(esp.toString()));
    assertArrayEquals(Files.readAllBytes(Path.of("/usr/lib/systemd/boot/efi/systemd-bootx64.efi")),
        mtype(esp + "", "EFI/BOOT/BOOTX64.EFI"));
    String entry = new String(mtype(esp.toString(), "loader/entries/sample.conf"));
    assertTrue(entry.contains("linux /kernel") && entry.contains("initrd /initrd.img")
        && entry.contains("options " + EmitFixtures.CMDLINE), entry);
    assertArrayEquals(Files.readAllBytes(out.resolve("sample-initrd.img")), mtype(esp.toString(), "initrd.img"),
        "the ESP holds the same initrd as kernel+initrd");
    assertTrue(check("sfdisk", "-J", iso.toString()).contains("\"type\": \"ef\""), "the MBR lists the ESP");
  }

  @Test
  void isoEfiInitrdHasTheKernelAndInitrdOnTheIsoAndAUkiInTheEfiImage() throws Exception {
    Path iso = out.resolve("sample-efi-initrd.iso");
    assertTrue(check("xorriso", "-indev", iso.toString(), "-report_el_torito", "plain").contains("UEFI"));
    assertEquals(List.of("/boot/efi.img", "/cmdline", "/initrd.img", "/kernel"), isoFiles(iso));
    assertEquals(EmitFixtures.CMDLINE, extractFromIso(iso, "/cmdline"));
    Path esp = work.resolve("iso-efi-initrd-esp.img");
    extractFromIso(iso, "/boot/efi.img", esp);
    check("fsck.fat", "-n", esp.toString());
    assertEquals(List.of("EFI/BOOT/BOOTX64.EFI"), fatFiles(esp.toString()));
    assertArrayEquals(Files.readAllBytes(out.resolve("sample.efi")), mtype(esp.toString(), "EFI/BOOT/BOOTX64.EFI"),
        "the EFI image boots the same UKI as the uki format");
  }

  @Test
  void rawBiosIsAnMbrDiskWithSyslinuxInstalledInItsActiveFatPartition() throws Exception {
    Path disk = out.resolve("sample-bios.img");
    String table = check("sfdisk", "-J", disk.toString());
    assertTrue(table.contains("\"start\": 2048") && table.contains("\"bootable\": true"), table);
    assertArrayEquals(Files.readAllBytes(Path.of("/usr/lib/syslinux/mbr/mbr.bin")),
        Arrays.copyOf(Files.readAllBytes(disk), 440), "syslinux's MBR code");
    Path fat = slice(disk, 1 << 20, work.resolve("raw-bios-fat.img"));
    check("fsck.fat", "-n", fat.toString());
    assertEquals(List.of("initrd.img", "kernel", "ldlinux.c32", "ldlinux.sys", "syslinux.cfg"),
        fatFiles(disk + "@@1M"));
    assertTrue(new String(mtype(disk + "@@1M", "syslinux.cfg")).contains("APPEND " + EmitFixtures.CMDLINE));
  }

  @Test
  void rawEfiIsAGptDiskWithAnEfiSystemPartition() throws Exception {
    Path disk = out.resolve("sample-efi.img");
    String verify = check("sgdisk", "-v", disk.toString());
    assertTrue(verify.contains("No problems found"), verify);
    String table = check("sfdisk", "-J", disk.toString());
    assertTrue(table.contains("\"label\": \"gpt\"") && table.contains("C12A7328-F81F-11D2-BA4B-00A0C93EC93B")
        && table.contains("\"start\": 2048"), table);
    Path esp = slice(disk, 1 << 20, work.resolve("raw-efi-esp.img"));
    String fsck = check("fsck.fat", "-n", "-v", esp.toString());
    assertTrue(fsck.contains("2 FATs, 32 bit entries"), fsck);
    assertEquals(List.of("EFI/BOOT/BOOTX64.EFI", "initrd.img", "kernel", "loader/entries/sample.conf",
        "loader/loader.conf"), fatFiles(esp.toString()));
  }

  @Test
  void tarHoldsTheRootFilesystem() throws Exception {
    String listing = check("tar", "-tvf", out.resolve("sample.tar").toString());
    for (String path : SAMPLE_PATHS) {
      assertTrue(listing.contains(path), () -> path + " missing from\n" + listing);
    }
    assertTrue(listing.contains("crw-rw-rw- 0/0") && listing.contains("1,3"), listing);
  }

  /** kernel+squashfs shares the kernel and command line of kernel+initrd, and adds the boot stage and the root. */
  @Test
  void kernelSquashfsHoldsTheRootAndTheBootStage() throws Exception {
    String listing = check("unsquashfs", "-lln", out.resolve("sample-squashfs.img").toString());
    for (String path : SAMPLE_PATHS) {
      assertTrue(listing.contains("squashfs-root/" + path), () -> path + " missing from\n" + listing);
    }
    // the microcode cpio comes first, uncompressed; the stage is the gzip member after it
    String initrd = check("sh", "-c", "python3 -c \"import gzip, sys; d = open(sys.argv[1], 'rb').read(); "
        + "sys.stdout.buffer.write(gzip.decompress(d[d.find(bytes([0x1f, 0x8b, 8])):]))\" "
        + out.resolve("sample-boot-initrd.img") + " | cpio -t 2>/dev/null");
    assertEquals(List.of("bin", "bin/busybox", "dev", "dev/console", "init"), initrd.lines().sorted().toList());
  }

  /** kernel+erofs shares the kernel, command line and boot stage of kernel+squashfs; fsck.erofs reads its root. */
  @Test
  void kernelErofsHoldsTheRoot() throws Exception {
    Path image = out.resolve("sample-erofs.img");
    String fsck = check("fsck.erofs", image.toString());
    assertFalse(fsck.contains("<E>"), fsck);
    for (String path : SAMPLE_PATHS) {
      String dump = check("dump.erofs", "--path=/" + path, image.toString());
      assertTrue(dump.contains("NID: "), dump); // a hard link is shown under its inode's first name
    }
    assertTrue(check("dump.erofs", "-s", image.toString()).contains("sb_csum"));
  }

  /** As LinuxKit's tar output: the kernel, its command line and the microcode under boot/, read back by tar. */
  @Test
  void tarHoldsLinuxKitsBootFilesBesideTheRoot() throws Exception {
    Path tar = out.resolve("sample.tar");
    String listing = check("tar", "-tvf", tar.toString());
    assertTrue(listing.contains("-rw-r--r-- 0/0") && listing.contains(" boot/kernel\n"), listing);
    Path extracted = Files.createDirectories(out.resolveSibling("tar-boot"));
    check("tar", "-xf", tar.toString(), "-C", extracted.toString(), "boot/kernel", "boot/cmdline", "boot/ucode.cpio");
    assertArrayEquals(readAll(appliance.bootKernel()), Files.readAllBytes(extracted.resolve("boot/kernel")));
    assertEquals(EmitFixtures.CMDLINE, Files.readString(extracted.resolve("boot/cmdline")));
    assertArrayEquals(readAll(appliance.ucode().orElseThrow()), Files.readAllBytes(extracted.resolve("boot/ucode.cpio")));
  }

  /** The image's configuration as skopeo reads it: what a container engine starts a container from. */
  @Test
  void ociHasTheConfigurationAContainerEngineStartsFrom() throws Exception {
    JsonNode config = new ObjectMapper().readTree(check("skopeo", "inspect", "--config",
        "oci-archive:" + out.resolve("sample-oci.tar")));
    assertEquals("amd64", config.path("architecture").asText());
    assertEquals("linux", config.path("os").asText());
    assertEquals("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", config.path("config").path("Env").get(0).asText());
    assertEquals("/", config.path("config").path("WorkingDir").asText());
    assertEquals("sample", config.path("config").path("Labels").path("org.opencontainers.image.title").asText());
    assertTrue(config.path("config").path("Entrypoint").isMissingNode(), "the sample root has no /init: " + config);
    Appliance withInit = EmitFixtures.withRootfs(appliance, List.of(new Entry.RegularFile("init", new Metadata(0755, 0, 0, 0), 0,
        () -> new java.io.ByteArrayInputStream(new byte[0]))));
    assertEquals(List.of("/init"), OciEmitter.config(withInit).entrypoint());
  }

  @Test
  void ociLoadsWithSkopeo() throws Exception {
    String inspect = check("skopeo", "inspect", "oci-archive:" + out.resolve("sample-oci.tar"));
    assertTrue(inspect.contains("\"Architecture\": \"amd64\"") && inspect.contains("\"Layers\""), inspect);
    assertTrue(inspect.contains("2023-11-14T22:13:20Z"), "created at SOURCE_DATE_EPOCH: " + inspect);
  }

  @Test
  void ukiHasTheStubsSectionsAndOurs() throws Exception {
    String sections = check("objdump", "-h", out.resolve("sample.efi").toString());
    for (String section : List.of(".osrel", ".cmdline", ".initrd", ".linux")) {
      assertTrue(sections.contains(section), () -> section + " missing:\n" + sections);
    }
  }

  @Test
  void bootloaderFilesComeFromTheBootAssetsDirectoryFirst() throws Exception {
    Path assets = Files.createDirectories(work.resolve("assets/systemd"));
    Files.writeString(assets.resolve("systemd-bootx64.efi"), "a systemd-boot of the user's choosing");
    Path dir = work.resolve("with-assets");
    Emitter.emit(appliance, EnumSet.of(Format.RAW_EFI), dir,
        new EmitOptions(Compression.GZIP, BootAssets.directoryThenHost(work.resolve("assets")), Optional.empty(), Platform.DEFAULT));
    assertEquals("a systemd-boot of the user's choosing",
        new String(mtype(dir.resolve("sample-efi.img") + "@@1M", "EFI/BOOT/BOOTX64.EFI"), StandardCharsets.UTF_8));
  }

  @Test
  void formatsAreNamedAsInLinuxKit() {
    assertEquals(Format.ISO_EFI_INITRD, Format.named("iso-efi-initrd"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Format.named("iso"));
    assertEquals("unknown format 'iso': use one of " + ALL_NAMES, e.getMessage());
    assertEquals(EnumSet.of(Format.KERNEL_INITRD, Format.RAW_EFI), Format.namedList("raw-efi, kernel+initrd,raw-efi"));
    assertEquals("unknown format '': use one of " + ALL_NAMES, assertThrows(IllegalArgumentException.class,
            () -> Format.namedList("tar,")).getMessage());
  }

  /**
   * An initrd starts with the microcode cpio, uncompressed, padded to 4 bytes; then the root, which
   * {@code tool} decompresses and cpio lists.
   */
  private static void assertInitrd(Path initrd, String tool) throws Exception {
    byte[] ucode = readAll(appliance.ucode().orElseThrow());
    byte[] bytes = Files.readAllBytes(initrd);
    assertArrayEquals(ucode, Arrays.copyOf(bytes, ucode.length));
    assertTrue(check("sh", "-c", "cpio -t < " + initrd).contains("etc/marker/1"), "cpio reads the first archive");
    Path root = slice(initrd, (ucode.length + 3) / 4 * 4, work.resolve("root." + tool));
    check(tool, "-t", root.toString());
    String listing = check("sh", "-c", tool + " -dc < " + root + " | cpio -t");
    for (String path : SAMPLE_PATHS) {
      assertTrue(listing.lines().anyMatch(path::equals), () -> path + " missing from\n" + listing);
    }
    Path extracted = Files.createDirectories(work.resolve("cpio-i-" + tool));
    check("sh", "-c", "cd " + extracted + " && " + tool + " -dc < " + root + " | cpio -id 'etc/*' 'bin/*'");
    assertEquals("hello from imgc\n", Files.readString(extracted.resolve("etc/motd.third")));
    assertEquals("tool", Files.readSymbolicLink(extracted.resolve("bin/sh")).toString());
    assertEquals(Files.getAttribute(extracted.resolve("bin/tool"), "unix:ino"),
        Files.getAttribute(extracted.resolve("bin/tool2"), "unix:ino"), "hard links share an inode");
  }

  private static byte[] readAll(FileBytes bytes) throws IOException {
    try (InputStream in = bytes.content().open()) {
      return in.readAllBytes();
    }
  }

  private static List<String> isoFiles(Path iso) throws Exception {
    return check("xorriso", "-indev", iso.toString(), "-find", "/", "-type", "f").lines()
        .filter(l -> l.startsWith("'/")).map(l -> l.substring(1, l.length() - 1)).sorted().toList();
  }

  private static String extractFromIso(Path iso, String path) throws Exception {
    Path target = work.resolve("extracted-" + path.replace('/', '_'));
    Files.deleteIfExists(target);
    extractFromIso(iso, path, target);
    return Files.readString(target);
  }

  private static void extractFromIso(Path iso, String path, Path target) throws Exception {
    check("xorriso", "-osirrox", "on", "-indev", iso.toString(), "-extract", path, target.toString());
  }

  /** The files (not directories) of a FAT filesystem, as mtools lists them recursively. */
  private static List<String> fatFiles(String image) throws Exception {
    return check("mdir", "-i", image, "-a", "-/", "-b", "::/").lines().map(String::strip).filter(l -> !l.endsWith("/"))
        .map(l -> l.replaceFirst("^::/", "")).sorted().collect(Collectors.toList());
  }

  private static byte[] mtype(String image, String path) throws Exception {
    Path target = work.resolve("mcopy-" + Math.abs((image + path).hashCode()));
    Files.deleteIfExists(target);
    check("mcopy", "-n", "-i", image, "::/" + path, target.toString());
    return Files.readAllBytes(target);
  }

  /** Copies the bytes of {@code file} from {@code offset} to its end into {@code target}. */
  private static Path slice(Path file, long offset, Path target) throws IOException {
    try (FileChannel in = FileChannel.open(file); FileChannel outChannel = FileChannel.open(target,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      long position = offset;
      while (position < in.size()) {
        position += in.transferTo(position, in.size() - position, outChannel);
      }
    }
    return target;
  }

}
