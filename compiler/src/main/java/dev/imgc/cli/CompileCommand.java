package dev.imgc.cli;

import dev.imgc.boot.BootAssets;
import dev.imgc.boot.MissingBootAssetException;
import dev.imgc.emit.Appliance;
import dev.imgc.emit.BuildCache;
import dev.imgc.emit.EmitOptions;
import dev.imgc.emit.Emitter;
import dev.imgc.emit.Format;
import dev.imgc.emit.bind.ContentCache;
import dev.imgc.emit.bind.PlanBinding;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageFiles;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.store.ImageStore;
import dev.imgc.fs.compress.Compression;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
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
      "Nothing is written unless every format succeeds. Exit status 0 on success, 1 for an invalid",
      "spec, a missing image or bootloader file, or a failed build."
    })
final class CompileCommand implements Callable<Integer> {
  /** What the build cache may hold: a few dozen appliances' worth of every format. */
  private static final long BUILD_CACHE_BUDGET = 4L << 30;

  @Mixin BuildInputs inputs;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
      description = "The directory to write the artifacts to (default: the current directory).")
  Path output;

  @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "kernel+initrd",
      description = "Formats to write (default: ${DEFAULT-VALUE}): kernel+initrd, iso-bios, iso-efi, iso-efi-initrd, "
          + "raw-bios, raw-efi, tar, oci, uki.")
  List<String> formats;

  @Option(names = "--compress", paramLabel = "gzip|zstd|xz|none", defaultValue = "gzip",
      description = "How the initrd is compressed (default: ${DEFAULT-VALUE}).")
  String compress;

  @Option(names = "--boot-assets", paramLabel = "DIR|REF",
      description = "A directory, or an image (a registry reference or TRANSPORT://…), holding bootloader files, "
          + "looked in by file name before the host's paths.")
  String bootAssets;

  @Option(names = "--no-cache",
      description = "Write every artifact anew, neither reusing nor keeping outputs in the build cache.")
  boolean noCache;

  @Option(names = "--timings", description = "Print the wall time of each phase (check, plan, bind, write) to stderr.")
  boolean timings;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CommandLine commandLine = spec.commandLine();
    Set<Format> chosen = new LinkedHashSet<>();
    Compression compression;
    try {
      formats.forEach(format -> chosen.add(Format.named(format.strip())));
      compression = Compression.named(compress);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, e.getMessage());
    }
    LinkedHashSet<String> passes = inputs.disabledPasses(commandLine, true);
    String artifactName = inputs.artifactName();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    PhaseTimes times = new PhaseTimes();
    Optional<Spec> loaded = inputs.load(commandLine, err);
    if (loaded.isEmpty()) {
      return 1;
    }
    times.end("check");
    try {
      ImageStore images = inputs.openStore();
      ImageResolver resolver = inputs.resolver(images, commandLine);
      BuildPlan plan = inputs.plan(loaded.get(), images, resolver, passes, err);
      times.end("plan");
      Path cacheRoot = Planning.cache(images);
      ContentCache cache = new ContentCache(cacheRoot,
          layer -> images.openBlob(new Descriptor(null, layer, Files.size(images.blobPath(layer))), "layer " + layer));
      Appliance appliance = PlanBinding.bind(plan, artifactName, cache);
      times.end("bind");
      Path assetImage = null;
      try {
        BootAssets assets = BootAssets.host();
        if (bootAssets != null && Files.isDirectory(Path.of(bootAssets))) {
          assets = BootAssets.directoryThenHost(Path.of(bootAssets));
        } else if (bootAssets != null) {
          assetImage = Files.createTempDirectory("imgc-boot-assets-");
          ImageFiles.copyRegularFiles(resolver.resolve(ImageSource.parse(bootAssets, ImageSource.Syntax.COMMAND_LINE)), assetImage);
          assets = BootAssets.directoryThenHost(assetImage);
        }
        for (Path written : Emitter.emit(appliance, chosen, output, new EmitOptions(compression, assets, buildCache(cacheRoot)))) {
          out.println(written);
        }
        times.end("write");
        if (timings) {
          times.print(err);
        }
        return 0;
      } finally {
        if (assetImage != null) {
          deleteTree(assetImage);
        }
      }
    } catch (LoweringException e) {
      err.println(Planning.describe(e));
    } catch (ImageException | MissingBootAssetException | IllegalArgumentException e) {
      err.println("imgc: error: " + e.getMessage());
    } catch (InvalidReferenceException e) {
      err.println("imgc: error: --boot-assets " + bootAssets + " is neither a directory nor an image: " + e.getMessage());
    } catch (IOException e) {
      err.println("imgc: error: the build failed: " + e.getMessage());
    }
    return 1;
  }

  /** The cache of earlier outputs, next to the image store, unless {@code --no-cache}. */
  private Optional<BuildCache> buildCache(Path cacheRoot) {
    if (noCache) {
      return Optional.empty();
    }
    return ToolIdentity.current().map(tool -> new BuildCache(cacheRoot.resolve("builds"), tool, BUILD_CACHE_BUDGET));
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
