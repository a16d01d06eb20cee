package dev.imgc.emit;

import dev.imgc.boot.BootAsset;
import dev.imgc.boot.BootEntry;
import dev.imgc.emit.bind.ContentCache;
import dev.imgc.fs.Content;
import dev.imgc.fs.Entry;
import dev.imgc.fs.SizedContent;
import dev.imgc.fs.compress.Compression;
import dev.imgc.fs.block.ImageSink;
import dev.imgc.fs.block.ImageWriter;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.fs.cpio.InitrdSegments;
import dev.imgc.fs.cpio.InitrdWriter;
import dev.imgc.fs.erofs.ErofsWriter;
import dev.imgc.fs.ext4.Ext4Image;
import dev.imgc.fs.ext4.Ext4Options;
import dev.imgc.fs.part.DiskSize;
import dev.imgc.fs.squashfs.SquashfsWriter;
import dev.imgc.fs.fat.FatOptions;
import dev.imgc.fs.kernel.KernelImage;
import dev.imgc.fs.pe.UkiSection;
import dev.imgc.fs.pe.UkiWriter;
import dev.imgc.image.oci.Platform;
import dev.imgc.io.FileChannelOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One emit in progress: the appliance, the options, the ids derived from its digest, the staging
 * area, and the work shared between formats, done at most once (the initrd, the UKI).
 */
final class Emission {
  /** Where the kernel and initrd lie on every boot filesystem, as LinuxKit's images have them. */
  static final String KERNEL_PATH = "kernel";
  static final String INITRD_PATH = "initrd.img";

  private final Appliance appliance;
  private final EmitOptions options;
  private final Identity identity;
  private final Staging staging;
  private final KernelImage kernelImage;
  private Path initrd;
  private Path bootInitrd;
  private Path uki;
  private final Map<BootDisk, Path> disks = new HashMap<>();
  private final Map<RootFs, Path> rootImages = new HashMap<>();
  private FileBytes kernel;

  /** @param kernelImage what the appliance's kernel is */
  Emission(Appliance appliance, KernelImage kernelImage, EmitOptions options, Staging staging) {
    this.appliance = appliance;
    this.kernelImage = kernelImage;
    this.options = options;
    this.identity = new Identity(appliance.digests().plan());
    this.staging = staging;
  }

  Appliance appliance() {
    return appliance;
  }

  Identity identity() {
    return identity;
  }

  Staging staging() {
    return staging;
  }

  Architecture architecture() {
    return Architecture.of(options.platform());
  }

  /**
   * The kernel as loaders boot it: the appliance's own, or the arm64 {@code Image} a gzip'd or zboot
   * kernel holds, decompressed once on first use.
   */
  FileBytes kernel() throws IOException {
    if (kernel == null) {
      if (kernelImage.compressed()) {
        Path file = staging.scratch(appliance.name() + "-kernel.Image");
        try (OutputStream out = Files.newOutputStream(file)) {
          kernelImage.writeImage(appliance.bootKernel().content(), out);
        }
        kernel = FileBytes.of(file);
      } else {
        kernel = appliance.bootKernel();
      }
    }
    return kernel;
  }

  long time() {
    return appliance.sourceDateEpoch();
  }

  Path asset(BootAsset asset) {
    return options.bootAssets().locate(asset);
  }

  /** A new staged file that becomes the one file of {@code format} (NAME.iso, NAME-efi.img, …) on commit. */
  Path output(Format format) throws IOException {
    return staging.output(format.fileNames(appliance.name()).get(0));
  }

  /** A FAT filesystem's label and time, and a serial derived for {@code purpose} ("raw-efi"). */
  FatOptions fatOptions(String purpose) {
    return FatOptions.of("IMGC", identity.number(purpose + " fat serial"), time());
  }

  /** The boot menu's one entry: the kernel and initrd at the root of the boot filesystem. */
  BootEntry bootEntry() {
    return bootEntry(appliance.cmdline());
  }

  /** The boot menu's one entry, with the command line {@code cmdline}. */
  BootEntry bootEntry(String cmdline) {
    return new BootEntry(appliance.name(), "/" + KERNEL_PATH, "/" + INITRD_PATH, cmdline);
  }

  Compression compression() {
    return options.compression();
  }

  /** The platform the appliance is for. */
  Platform platform() {
    return options.platform();
  }

  DiskOptions diskOptions() {
    return options.disk();
  }

  /**
   * The raw boot disk {@code disk}, written on first use to a temporary file and read by every format
   * that holds it; staged as an output by the formats that are the raw disk itself.
   */
  Path disk(BootDisk disk) throws IOException {
    Path file = disks.get(disk);
    if (file == null) {
      file = staging.scratch(appliance.name() + "-" + disk.name() + "-disk.img");
      disk.write(this, file);
      disks.put(disk, file);
    }
    return file;
  }

  /**
   * The root filesystem as an image of {@code type}, written on first use to a temporary file and read
   * by every format that holds it ({@code kernel+squashfs}, {@code kernel+erofs}, {@code rootfs-erofs},
   * {@code rootfs-ext4}, the boot disks'
   * root partitions): squashfs compressed as {@code --compress} asks; erofs as {@code --erofs-compress}
   * asks (uncompressed unless asked), labelled {@code imgc-root}, its UUID derived from the plan; ext4 as large as {@code --root-size} asks
   * (refused, before anything is written, when that is too small; the error names the option), else
   * its contents and a quarter free, its UUID and hash seed derived from the plan.
   */
  Path rootImage(RootFs type) throws IOException {
    Path file = rootImages.get(type);
    if (file == null) {
      file = staging.scratch(appliance.name() + "-root." + type.userName());
      switch (type) {
        case SQUASHFS -> {
          try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            SquashfsWriter.write(appliance.rootfs(), SquashfsWriter.Options.of(compression(), time()), out);
          }
        }
        case EROFS -> {
          try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ErofsWriter.write(appliance.rootfs(), new ErofsWriter.Options(time(), identity.guid("erofs root filesystem"),
                "imgc-root", diskOptions().erofsCompression()), out);
          }
        }
        case EXT4 -> writeImage(ext4Root(), file);
        case INITRD -> throw new IllegalArgumentException("a root in the initrd is no image of its own");
      }
      rootImages.put(type, file);
    }
    return file;
  }

  private Ext4Image ext4Root() throws IOException {
    Ext4Options ext4 = Ext4Options.of(identity.guid("rootfs-ext4 filesystem"),
        identity.guid("rootfs-ext4 directory hash seed"), time()).withLabel("imgc-root");
    Optional<DiskSize> size = diskOptions().rootSize();
    try {
      return Ext4Image.layout(appliance.rootfs(), size.map(s -> ext4.withSize(s.bytes())).orElse(ext4));
    } catch (LayoutException e) {
      throw size.isEmpty() ? e : new LayoutException("the ext4 root (--root-size " + size.get() + "): " + e.getMessage());
    }
  }

  /** What a build makes files from, as lines for the {@link BuildCache} key; asked for only when there is a cache. */
  @FunctionalInterface
  interface Inputs {
    List<String> lines() throws IOException;
  }

  /** Writes files into the staging area. */
  @FunctionalInterface
  interface Writer {
    void write() throws IOException;
  }

  /** Writes one new file. */
  @FunctionalInterface
  interface FileWriter {
    void write(Path file) throws IOException;
  }

  /**
   * Stages the files {@code fileNames} of one format: linked from the build cache when it holds them
   * for these {@code inputs}, else written by {@code writer} (which stages them) and kept in the cache.
   */
  void made(List<String> fileNames, Inputs inputs, Writer writer) throws IOException {
    Optional<String> key = cacheKey(inputs);
    Optional<Map<String, Path>> kept = key.flatMap(k -> options.cache().get().find(k, fileNames));
    if (kept.isPresent()) {
      for (Map.Entry<String, Path> file : kept.get().entrySet()) {
        staging.stage(file.getKey(), file.getValue());
      }
      return;
    }
    writer.write();
    Map<String, Path> written = new LinkedHashMap<>();
    fileNames.forEach(fileName -> written.put(fileName, staging.staged(fileName)));
    key.ifPresent(k -> options.cache().get().keep(k, written));
  }

  /**
   * A file formats share, made once: the build cache's when it holds one for these {@code inputs},
   * else a temporary file written by {@code writer} and kept in the cache. It is only read, never
   * changed: the cache's file may be linked from outputs.
   */
  private Path shared(String fileName, Inputs inputs, FileWriter writer) throws IOException {
    Optional<String> key = cacheKey(inputs);
    Optional<Map<String, Path>> kept = key.flatMap(k -> options.cache().get().find(k, List.of(fileName)));
    if (kept.isPresent()) {
      return kept.get().get(fileName);
    }
    Path file = staging.scratch(fileName);
    writer.write(file);
    key.ifPresent(k -> options.cache().get().keep(k, Map.of(fileName, file)));
    return file;
  }

  /** The build cache's key for {@code inputs}, or empty when there is no cache (the inputs are then not asked for). */
  private Optional<String> cacheKey(Inputs inputs) throws IOException {
    return options.cache().isEmpty() ? Optional.empty() : Optional.of(options.cache().get().key(inputs.lines()));
  }

  /**
   * The initrd, written on first use to a temporary file and reused by every format that embeds it:
   * the microcode cpio (if any) uncompressed, then the root filesystem compressed as asked, in
   * segments. It is cached on its own, by what it holds, so a build that changes only the kernel or
   * its command line still finds it; and so is each segment ({@link CachedSegments}), so a build that
   * changes one file compresses only the segment holding it.
   */
  Path initrd() throws IOException {
    if (initrd == null) {
      String fileName = appliance.name() + "-initrd.img";
      ApplianceDigests digests = appliance.digests();
      Inputs inputs = () -> List.of("initrd", "rootfs " + digests.rootfs(), "ucode " + digests.ucode().orElse("none"),
          "compression " + options.compression());
      initrd = shared(fileName, inputs, file -> writeInitrd(appliance.rootfs(), file));
    }
    return initrd;
  }

  /**
   * The initrd of the {@link BootStageInitrd} that mounts a root filesystem on a disk, written on first
   * use and reused by every format with such a root: the microcode cpio (if any) uncompressed, then
   * the stage compressed as asked. Made from the root's busybox and modules, it is cached by the root.
   */
  Path bootInitrd() throws IOException {
    if (bootInitrd == null) {
      ApplianceDigests digests = appliance.digests();
      Inputs inputs = () -> List.of("boot initrd", "rootfs " + digests.rootfs(),
          "ucode " + digests.ucode().orElse("none"), "compression " + options.compression());
      bootInitrd = shared(appliance.name() + "-boot-initrd.img", inputs, file -> writeInitrd(BootStageInitrd.entries(appliance), file));
    }
    return bootInitrd;
  }

  private void writeInitrd(List<Entry> root, Path file) throws IOException {
    List<Content> prefix = appliance.ucode().map(FileBytes::content).stream().toList();
    Compression compression = options.compression();
    InitrdWriter.SegmentWriter segments = options.cache().isPresent()
        ? new CachedSegments(options.cache().get(), compression, staging)
        : (segment, out) -> InitrdWriter.writeSegment(segment, compression, out);
    InitrdWriter.write(prefix, root, InitrdSegments.Sizes.DEFAULT, Emission::madeForThisBuild, segments,
        FileChannelOutput.create(file));
  }

  /**
   * A file the spec or imgc made rather than an image's: in an initrd segment of its own, so that a
   * changed {@code files:} entry compresses a few bytes again, not the megabytes of layer files around it.
   */
  private static boolean madeForThisBuild(Entry entry) {
    return entry instanceof Entry.RegularFile file && !ContentCache.fromImage(file.content());
  }

  FileBytes initrdBytes() throws IOException {
    return FileBytes.of(initrd());
  }

  /**
   * The unified kernel image, written on first use and reused: systemd-stub with the os-release
   * (naming the appliance in a boot menu), the command line, the initrd and the kernel.
   */
  Path uki() throws IOException {
    if (uki == null) {
      Path file = staging.scratch(appliance.name() + ".efi");
      Path initrdFile = initrd();
      FileBytes linux = kernel();
      UkiWriter.write(asset(architecture().systemdStub()), List.of(
          UkiSection.text(".osrel", "ID=imgc\nNAME=\"" + appliance.name() + "\"\n"),
          UkiSection.text(".cmdline", appliance.cmdline()),
          new UkiSection(".initrd", Files.size(initrdFile), () -> Files.newInputStream(initrdFile)),
          new UkiSection(".linux", linux.size(), linux.content())), file);
      uki = file;
    }
    return uki;
  }

  /**
   * Stages the kernel as {@code fileName}, unless another format did: it is the same for all. It is
   * cached on its own, by its bytes, so a build that changes anything else links it instead of copying
   * its megabytes again.
   */
  void stageKernel(String fileName) throws IOException {
    if (!staging.isStaged(fileName)) {
      Optional<String> digest = appliance.digests().kernel();
      if (digest.isEmpty()) {
        copy("the kernel", kernel(), staging.output(fileName));
        return;
      }
      Inputs inputs = () -> List.of("kernel as booted", "kernel " + digest.get());
      staging.stage(fileName, shared(fileName, inputs, file -> copy("the kernel", kernel(), file)));
    }
  }

  /**
   * Stages the command line as {@code fileName}, without a newline as LinuxKit writes it, unless
   * another format did: it is the same for all.
   */
  void stageCmdline(String fileName) throws IOException {
    if (!staging.isStaged(fileName)) {
      Files.writeString(staging.output(fileName), appliance.cmdline(), StandardCharsets.UTF_8);
    }
  }

  /** Copies {@code bytes}, which {@code what} names in errors, to the new file {@code target}. */
  static void copy(String what, FileBytes bytes, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      SizedContent.copy(what, bytes.size(), bytes.content(), out);
    }
  }

  /** Writes {@code image} into the new, empty file {@code target}. */
  static void writeImage(ImageWriter image, Path target) throws IOException {
    try (ImageSink sink = new ImageSink(FileChannel.open(target, StandardOpenOption.WRITE))) {
      image.writeTo(sink);
      sink.finish(image.size());
    }
  }
}
