package dev.imgc.cli;

import dev.imgc.build.BuildRequest;
import dev.imgc.build.Compiler;
import dev.imgc.emit.Appliance;
import dev.imgc.emit.DiskOptions;
import dev.imgc.emit.Format;
import dev.imgc.emit.PartitionTable;
import dev.imgc.fs.erofs.ErofsCompression;
import dev.imgc.fs.part.DiskSize;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.plan.BuildPlan;
import dev.imgc.spec.model.Spec;
import dev.imgc.fs.compress.Compression;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code imgc compile SPEC... -o DIR}: the whole pipeline, from spec files to bootable artifacts. */
@Command(
    name = "compile",
    description = {
      "Compile the merged specs into bootable artifacts in LinuxKit's formats and file names.",
      "Nothing is written unless every format succeeds. Exit status 0 on success, 1 for an invalid "
          + "spec, a missing image or bootloader file, or a failed build."
    })
final class CompileCommand implements Callable<Integer> {
  @Mixin BuildInputs inputs;

  @Mixin PlannedFormats planned;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
      description = "The directory to write the artifacts to (default: the current directory).")
  Path output;

  @Option(names = "--compress", paramLabel = "gzip|zstd|xz|none", defaultValue = "gzip",
      description = "How the initrd is compressed (default: ${DEFAULT-VALUE}).")
  String compress;

  @Option(names = "--disk-size", paramLabel = "SIZE",
      description = "The size of the disk formats (raw-bios, raw-efi, qcow2-bios, qcow2-efi, vhd, dynamic-vhd, vmdk, "
          + "gcp, aws) in whole MiB, GiB or TiB, such as 512M, 2G or 1T: the partitions keep their sizes and the rest "
          + "is empty space the guest can use (default: what the partitions need).")
  String diskSize;

  @Option(names = "--erofs-compress", paramLabel = "none|lz4", defaultValue = "none",
      description = "How an erofs root (kernel+erofs, rootfs-erofs, --root-fs erofs) keeps its files: uncompressed "
          + "(default, as LinuxKit's kernel+erofs) or lz4-compressed in 4 KiB clusters (smaller; any kernel with "
          + "CONFIG_EROFS_FS_ZIP reads it).")
  String erofsCompress;

  @Option(names = "--root-size", paramLabel = "SIZE",
      description = "The size of an ext4 root (rootfs-ext4's, or a boot disk's with --root-fs ext4) in whole MiB, GiB "
          + "or TiB, such as 512M or 2G: what the root holds and free space for the appliance to write (default: its "
          + "contents and a quarter free, at least 8 MiB).")
  String rootSize;

  @Option(names = "--dax-header",
      description = "Put the NVDIMM/DAX header of Kata Containers' osbuilder in front of the disk of rootfs-ext4 and "
          + "rootfs-erofs, so that a hypervisor can give it to the guest as an NVDIMM.")
  boolean daxHeader;

  @Option(names = "--partition-table", paramLabel = "mbr|gpt", defaultValue = "mbr",
      description = "The partition table of the disk of rootfs-ext4 and rootfs-erofs: an MBR, as Kata Containers' "
          + "osbuilder writes (default), or a GPT whose partition has the Discoverable Partitions type of a root. The "
          + "root is the first partition either way; --dax-header is MBR only.")
  String partitionTable;

  @Option(names = "--qcow2-compress",
      description = "Deflate the clusters of qcow2-bios and qcow2-efi: smaller files, read as fast by QEMU.")
  boolean qcow2Compress;

  @Option(names = "--boot-assets", paramLabel = "DIR|REF",
      description = "A directory, or an image (a registry reference or TRANSPORT://…), holding bootloader files, "
          + "looked in by file name before the host's paths.")
  String bootAssets;

  @Option(names = "--no-cache",
      description = "Write every artifact anew, neither reusing nor keeping outputs in the build cache.")
  boolean noCache;

  @Option(names = "--cache-from", paramLabel = "REPOSITORY",
      description = "A registry repository kept as a build cache (e.g. registry.example/team/imgc-cache): outputs an earlier "
          + "build with the same inputs kept there are fetched, digest-checked, instead of built.")
  String cacheFrom;

  @Option(names = "--cache-to", paramLabel = "REPOSITORY",
      description = "Keep the outputs in this registry repository, under a key made from the build's inputs, for --cache-from.")
  String cacheTo;

  @Option(names = "--push", paramLabel = "REF",
      description = "Push the outputs to REF as an OCI artifact (one layer per file, ORAS-compatible); imgc fetch writes them back.")
  String push;

  @Option(names = "--timings", description = "Print the wall time of each phase (check, plan, bind, write) to stderr.")
  boolean timings;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    Set<Format> chosen;
    Compression compression;
    DiskOptions disk;
    try {
      chosen = planned.formats();
      compression = Compression.named(compress);
      disk = new DiskOptions(Optional.ofNullable(diskSize).map(DiskSize::parse), qcow2Compress, planned.rootFs(),
          Optional.ofNullable(rootSize).map(DiskSize::parse), daxHeader, PartitionTable.named(partitionTable),
          ErofsCompression.named(erofsCompress));
      disk.checkUsedBy(chosen);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
    BuildRequest request = inputs.request(commandLine, true, compression, Optional.ofNullable(bootAssets), !noCache, disk);
    Compiler compiler = new Compiler(request, inputs.progress(commandLine), ToolIdentity.current());
    DiagnosticPrinter diagnostics = DiagnosticPrinter.toStderr();
    // with a remote cache or a push, the compile reaches the network: it is never taken as up to date
    boolean local = cacheFrom == null && cacheTo == null && push == null;
    // kept under the command as typed too, which Main answers before parsing it; not with --timings,
    // which prints what a command answered that early could not
    Optional<List<String>> command = timings ? Optional.empty()
        : Optional.of(List.copyOf(spec.root().commandLine().getParseResult().originalArgs()));
    Optional<List<Path>> upToDate = local ? compiler.upToDate(chosen, output, command) : Optional.empty();
    if (upToDate.isPresent()) {
      printOutputs(upToDate.get());
      if (timings) {
        diagnostics.err().println(compiler.times().line());
      }
      return 0;
    }
    Optional<Spec> checked = diagnostics.print(compiler.check());
    if (checked.isEmpty()) {
      return 1;
    }
    Optional<List<Path>> written = Optional.ofNullable(cacheFrom)
        .flatMap(repository -> diagnostics.print(compiler.fetchCached(checked.get(), chosen, output, repository)))
        .flatMap(cached -> cached);
    Optional<Appliance> appliance = Optional.empty();
    if (written.isEmpty()) {
      Optional<BuildPlan> plan = diagnostics.print(compiler.plan(checked.get(), chosen));
      written = plan.filter(p -> cacheFrom != null)
          .flatMap(p -> diagnostics.print(compiler.fetchCached(p, chosen, output, cacheFrom))).flatMap(cached -> cached);
      if (written.isEmpty()) {
        appliance = plan.flatMap(p -> diagnostics.print(compiler.bind(p)));
        written = appliance.flatMap(a -> diagnostics.print(compiler.emit(a, chosen, output)));
        if (local && written.isPresent() && !diagnostics.printedAny()) { // a compile that warned warns again next time
          compiler.record(chosen, output, written.get(), command);
        }
      }
      if (written.isPresent() && cacheTo != null) {
        diagnostics.print(compiler.keepCached(checked.get(), chosen, appliance, output, cacheTo));
      }
    }
    if (written.isEmpty()) {
      return 1;
    }
    if (push != null) {
      Optional<Descriptor> pushed = diagnostics.print(compiler.push(chosen, appliance, output, push));
      if (pushed.isEmpty()) {
        return 1;
      }
      diagnostics.err().println("imgc: pushed the outputs to " + push + "@" + pushed.get().digest());
    }
    printOutputs(written.get());
    if (timings) {
      diagnostics.err().println(compiler.times().line());
    }
    return 0;
  }

  /** Prints what a compile wrote (or found up to date), one file a line; returns the exit status 0. */
  static int printOutputs(List<Path> outputs) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    outputs.forEach(out::println);
    return 0;
  }
}
