package dev.imgc.build;

import dev.imgc.boot.BootAssets;
import dev.imgc.boot.MissingBootAssetException;
import dev.imgc.emit.Appliance;
import dev.imgc.emit.Architecture;
import dev.imgc.emit.BuildCache;
import dev.imgc.emit.EmitOptions;
import dev.imgc.emit.Emitter;
import dev.imgc.emit.Format;
import dev.imgc.emit.MissingKernelException;
import dev.imgc.emit.UnsupportedPlatformException;
import dev.imgc.emit.bind.ContentCache;
import dev.imgc.emit.bind.PlanBinding;
import dev.imgc.fs.block.LayoutException;
import dev.imgc.image.ImageException;
import dev.imgc.image.ImageFiles;
import dev.imgc.image.ImageResolver;
import dev.imgc.image.UserCache;
import dev.imgc.image.ImageSource;
import dev.imgc.image.PlatformMismatchException;
import dev.imgc.image.oci.Platform;
import dev.imgc.image.UserHome;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.PullPolicy;
import dev.imgc.image.artifact.ApplianceArtifact;
import dev.imgc.image.artifact.OutputFile;
import dev.imgc.image.importer.ImportOptions;
import dev.imgc.image.importer.SourceDateEpoch;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.RuntimeConfig;
import dev.imgc.image.store.ImageStore;
import dev.imgc.image.store.Progress;
import dev.imgc.io.TemporaryFiles;
import dev.imgc.image.store.ProgressInputStream;
import dev.imgc.pass.Passes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.lower.InitGeneration;
import dev.imgc.plan.lower.Lowering;
import dev.imgc.plan.lower.LoweringException;
import dev.imgc.plan.lower.StoreImages;
import dev.imgc.plan.runtime.LinuxKitBundleConfigs;
import dev.imgc.spec.Diagnostic;
import dev.imgc.spec.Linter;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.SpecLoader;
import dev.imgc.spec.SpecText;
import dev.imgc.spec.Variables;
import dev.imgc.spec.model.Source;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a {@link BuildRequest} through the pipeline, one phase at a time: {@link #check} the specs,
 * {@link #plan} the root filesystem, {@link #bind} its contents, {@link #emit} the artifacts. Each
 * phase reports what went wrong as {@link Diagnostic}s, placed in a spec where a place is known, and
 * is timed ({@link #times}). The command line, the tests and editors all build through here; no
 * pipeline stage knows this class.
 */
public final class Compiler {
  /** What the build cache may hold: a few dozen appliances' worth of every format. */
  private static final long BUILD_CACHE_BUDGET = 4L << 30;
  /** The package holding systemd-boot and its stub for every architecture Debian builds. */
  private static final String FOREIGN_BOOT_ASSETS = "deb://systemd-boot-efi";

  private final BuildRequest request;
  private final Progress progress;
  private final Optional<String> toolIdentity;
  private final PhaseTimes times = new PhaseTimes();
  private ImageStore store;
  private ImageResolver resolver;
  private Optional<String> inputKey;
  /** What the compile read, seen before it read it, for its {@link BuildRecord}; null when not seen. */
  private List<BuildRecord.Watch> specsSeen;
  private List<BuildRecord.Watch> inputsSeen;

  /**
   * @param progress what is told of long work (imports, pulls, content-cache fills) and of each phase
   * @param toolIdentity what identifies this build of imgc (version and jar), which the build cache's
   *     keys include; empty when unknown, and then no output is cached
   */
  public Compiler(BuildRequest request, Progress progress, Optional<String> toolIdentity) {
    this.request = request;
    this.progress = progress;
    this.toolIdentity = toolIdentity;
    // The first phase checks specs: the schema's validator is built meanwhile (the request's record is
    // read first), where the check would otherwise wait for it.
    SpecLoader.prepare();
  }

  public BuildRequest request() {
    return request;
  }

  /** The wall time of each phase run so far. */
  public PhaseTimes times() {
    return times;
  }

  /**
   * What {@code imgc lint} reports for specs given as text (an editor's unsaved buffers: nothing is
   * read from disk), with the same positions, severities and rule ids; several texts are merged in
   * order, as a compile of those files would merge them, and clashes between them are reported too.
   */
  public static List<Diagnostic> lint(List<SpecText> texts, Variables variables) {
    return Linter.lintMerged(texts, variables);
  }

  /** Reads the variable files and the specs, checks them and merges them into one spec. */
  public Outcome<Spec> check() {
    progress.phase("checking " + request.specs().size() + (request.specs().size() == 1 ? " spec" : " specs"));
    try {
      specsSeen = seen(() -> BuildRecord.specs(request));
      List<Diagnostic> problems = new ArrayList<>();
      Optional<Variables> fromFiles = Variables.readFiles(request.variableFiles(), problems);
      if (fromFiles.isEmpty()) {
        return Outcome.failed(problems);
      }
      Variables variables = fromFiles.get().with(new Variables(request.variables()));
      SpecLoader.Result loaded = SpecLoader.load(request.specs(), variables);
      problems.addAll(loaded.diagnostics());
      return new Outcome<>(loaded.spec(), problems);
    } finally {
      times.end("check");
    }
  }

  /**
   * Lowers {@code spec} to a build plan with the store's images (importing or pulling what is missing,
   * as the request's pull policy allows), generates {@code /init} when nothing provides one, and runs
   * the optimizer passes. What lowering changed or left out comes back as warnings. The plan is for
   * formats whose root is the initrd: {@link #plan(Spec, Set)} plans for given formats.
   */
  public Outcome<BuildPlan> plan(Spec spec) {
    return plan(spec, Set.of());
  }

  /**
   * The plan of {@code spec} for writing {@code formats}: when they boot a root on a disk (as the
   * request's disk options say, {@link dev.imgc.emit.DiskOptions#bootStage}), the kernel's modules the
   * boot stage loads are kept too.
   */
  public Outcome<BuildPlan> plan(Spec spec, Set<Format> formats) {
    progress.phase("planning: resolving the images and lowering the spec to a build plan");
    try {
      inputsSeen = seen(() -> BuildRecord.inputs(request, spec));
      Architecture.of(request.fetch().platform());
      Lowering.Options options = new Lowering.Options(SourceDateEpoch.from(request.environment()), home(),
          Optional.of(request.cache().resolve("listings")), request.disk().bootStage(formats));
      StoreImages images = new StoreImages(store(), resolver(), request.fetch().policy() == PullPolicy.NEVER);
      BuildPlan lowered = Lowering.lower(spec, images, LinuxKitBundleConfigs.of(spec), options);
      BuildPlan plan = Passes.run(InitGeneration.apply(lowered, request.artifactName()), request.disabledPasses());
      if (inputsSeen != null) {
        List<BuildRecord.Watch> index = seen(() -> List.of(BuildRecord.storeIndex(request)));
        inputsSeen = index == null ? null : Stream.concat(inputsSeen.stream(), index.stream()).toList();
      }
      List<Diagnostic> warnings = plan.warnings().stream()
          .map(w -> lowering(w.source(), Severity.WARNING, w.message()))
          .toList();
      return Outcome.of(plan, warnings);
    } catch (UnsupportedPlatformException e) {
      return Outcome.failed(error(Rule.PLATFORM, e.getMessage()));
    } catch (LoweringException e) {
      Rule rule = e.getCause() instanceof PlatformMismatchException ? Rule.PLATFORM : Rule.LOWERING;
      return Outcome.failed(e.source()
          .map(s -> new Diagnostic(s.file(), s.position(), Severity.ERROR, rule, e.getMessage()))
          .orElseGet(() -> Diagnostic.unplaced(Severity.ERROR, Rule.LOWERING, e.getMessage())));
    } catch (ImageException e) {
      return Outcome.failed(error(e instanceof PlatformMismatchException ? Rule.PLATFORM : Rule.IMAGE, e.getMessage()));
    } finally {
      times.end("plan");
    }
  }

  /** Binds the plan's entries to their bytes: layer members through the content cache, {@code content/} in the cache. */
  public Outcome<Appliance> bind(BuildPlan plan) {
    progress.phase("binding: finding where each file's content comes from");
    try {
      ImageStore images = store();
      ContentCache cache = new ContentCache(request.cache().resolve("content"), (layer, what) -> {
        long size = Files.size(images.blobPath(layer));
        return ProgressInputStream.step(images.openBlob(new Descriptor(null, layer, size), what), progress,
            "filling the content cache from layer " + layer, size);
      });
      return Outcome.of(PlanBinding.bind(plan, request.artifactName(), cache), List.of());
    } catch (ImageException e) {
      return Outcome.failed(error(Rule.IMAGE, e.getMessage()));
    } catch (IOException e) {
      return Outcome.failed(error(Rule.IMAGE, "reading the image store failed: " + e.getMessage()));
    } finally {
      times.end("bind");
    }
  }

  /**
   * Writes {@code appliance} in {@code formats} into {@code outDir}: every file or none. Returns the
   * files written, in format order.
   */
  public Outcome<List<Path>> emit(Appliance appliance, Set<Format> formats, Path outDir) {
    progress.phase("writing " + String.join(", ", formats.stream().map(Format::toString).toList()) + " to " + outDir);
    Path assetImage = null;
    try {
      BootAssets assets = BootAssets.host();
      Optional<String> given = bootAssets(request);
      if (given.isPresent() && Files.isDirectory(Path.of(given.get()))) {
        assets = BootAssets.directoryThenHost(Path.of(given.get()));
      } else if (given.isPresent()) {
        ImageSource source = ImageSource.parse(given.get(), ImageSource.Syntax.COMMAND_LINE);
        // in the system's temporary directory, where the copies a killed imgc left are swept first
        assetImage = TemporaryFiles.inSystemTemporaryDirectory().createDirectory("imgc-boot-assets-", "");
        ImageFiles.copyRegularFiles(resolver().resolve(source), assetImage);
        assets = BootAssets.directoryThenHost(assetImage);
      }
      EmitOptions options = new EmitOptions(request.compression(), assets, buildCache(), request.fetch().platform(),
          request.disk());
      return Outcome.of(Emitter.emit(appliance, formats, outDir, options), List.of());
    } catch (InvalidReferenceException e) {
      return Outcome.failed(error(Rule.BOOT_ASSET,
          "--boot-assets " + request.bootAssets().orElseThrow() + " is neither a directory nor an image: " + e.getMessage()));
    } catch (UnsupportedPlatformException e) {
      return Outcome.failed(error(Rule.PLATFORM, e.getMessage()));
    } catch (MissingKernelException e) {
      return Outcome.failed(error(Rule.OUTPUT, e.getMessage()));
    } catch (MissingBootAssetException e) {
      return Outcome.failed(error(Rule.BOOT_ASSET, e.getMessage()));
    } catch (ImageException e) {
      return Outcome.failed(error(Rule.IMAGE, e.getMessage()));
    } catch (IOException | LayoutException e) {
      return Outcome.failed(error(Rule.OUTPUT, "the build failed: " + e.getMessage()));
    } finally {
      deleteCopy(assetImage);
      times.end("write");
    }
  }

  /**
   * The outputs of compiling {@code formats} into {@code outDir} when an earlier compile of the same
   * request recorded them and nothing it read or wrote has changed since ({@link BuildRecord}): then
   * nothing needs reading, planning or writing. Empty otherwise. For a compile run as {@code command}
   * (the arguments after {@code imgc}) that is up to date, its record is kept under the command too,
   * so that the command run again is answered before its options are parsed
   * ({@link #upToDate(List, Map, Optional)}).
   */
  public Optional<List<Path>> upToDate(Set<Format> formats, Path outDir, Optional<List<String>> command) {
    try {
      Optional<Path> record = BuildRecord.file(request, formats, outDir, toolIdentity);
      Optional<List<Path>> outputs = record.flatMap(file -> BuildRecord.upToDate(file, request.environment()));
      if (outputs.isPresent()) {
        commandRecord(command).ifPresent(copy -> BuildRecord.copy(record.get(), copy));
      }
      return outputs;
    } finally {
      times.end("up-to-date");
    }
  }

  /**
   * The outputs of an earlier compile run as {@code arguments} (the command line after {@code imgc}) in
   * this working directory, with this environment, by this imgc ({@code tool}), when it recorded them
   * and nothing it read or wrote has changed since: what that command prints again, found without
   * parsing the command line, reading a spec or opening the image store. Empty when there is no such
   * record: then the command is run as usual (and may still be up to date).
   */
  public static Optional<List<Path>> upToDate(List<String> arguments, Map<String, String> environment,
      Optional<String> tool) {
    Optional<Path> record = BuildRecord.commandFile(UserCache.directory(environment), arguments, environment, tool);
    return record.isPresent() ? BuildRecord.upToDate(record.get(), environment) : Optional.empty();
  }

  /**
   * Records that this compile, checked, planned and emitted, wrote {@code outputs} for {@code formats}
   * into {@code outDir}, for {@link #upToDate}. Not recording costs only the next compile's time. For a
   * compile run as {@code command} (the arguments after {@code imgc}), the record is kept under the
   * command too, for {@link #upToDate(List, Map, Optional)}.
   */
  public void record(Set<Format> formats, Path outDir, List<Path> outputs, Optional<List<String>> command) {
    if (specsSeen == null || inputsSeen == null) {
      return;
    }
    List<BuildRecord.Watch> read = new ArrayList<>(specsSeen);
    read.addAll(inputsSeen);
    Optional<Path> record = BuildRecord.file(request, formats, outDir, toolIdentity);
    if (record.isPresent()) {
      List<Path> records = new ArrayList<>(List.of(record.get()));
      commandRecord(command).ifPresent(records::add);
      BuildRecord.keep(records, read, outputs, request.environment());
    }
  }

  /**
   * Where the record of this compile, run as {@code command}, is kept under the command: only where a
   * command not yet parsed looks, the cache its environment names (not another given by an option).
   */
  private Optional<Path> commandRecord(Optional<List<String>> command) {
    Path named = UserCache.directory(request.environment()).toAbsolutePath().normalize();
    if (command.isEmpty() || !named.equals(request.cache().toAbsolutePath().normalize())) {
      return Optional.empty();
    }
    return BuildRecord.commandFile(named, command.get(), request.environment(), toolIdentity);
  }

  private interface Seeing {
    List<BuildRecord.Watch> see() throws IOException;
  }

  /** What {@code seeing} sees when this compile may be recorded, else null; null too when it cannot see. */
  private List<BuildRecord.Watch> seen(Seeing seeing) {
    if (toolIdentity.isEmpty() || !BuildRecord.recordable(request)) {
      return null;
    }
    try {
      return seeing.see();
    } catch (IOException e) {
      return null; // a source that cannot be looked at: planning says why, or the compile is simply not recorded
    }
  }

  /**
   * Where the build's bootloader files come from besides the host: {@code --boot-assets}, else, for a
   * machine other than this one, Debian's systemd-boot package of that architecture (never the host's
   * files, which are for the host's machine); empty for the host's files alone.
   */
  static Optional<String> bootAssets(BuildRequest request) {
    boolean host = request.fetch().platform().architecture().equals(Platform.host().architecture());
    return request.bootAssets().or(() -> host ? Optional.empty() : Optional.of(FOREIGN_BOOT_ASSETS));
  }

  /**
   * The outputs an earlier build with the same inputs kept in the remote cache {@code repository}
   * ({@code --cache-from}), written into {@code outDir}; empty on a miss, found before anything is
   * planned (see {@link InputKey}). A cache that cannot be read is a warning, and a miss.
   */
  public Outcome<Optional<List<Path>>> fetchCached(Spec spec, Set<Format> formats, Path outDir, String repository) {
    return fetchCached(() -> inputKey(spec, formats), formats, outDir, repository);
  }

  /** The outputs of {@code plan} the remote cache {@code repository} holds: the second chance, once planned. */
  public Outcome<Optional<List<Path>>> fetchCached(BuildPlan plan, Set<Format> formats, Path outDir, String repository) {
    return fetchCached(() -> planKey(plan.digests().plan().hex(), formats), formats, outDir, repository);
  }

  private interface KeySource {
    Optional<String> key() throws IOException;
  }

  private Outcome<Optional<List<Path>>> fetchCached(KeySource keys, Set<Format> formats, Path outDir, String repository) {
    progress.phase("looking for the outputs in the build cache " + repository);
    try {
      Optional<String> key = keys.key();
      if (key.isEmpty()) {
        return Outcome.of(Optional.empty(), List.of());
      }
      Files.createDirectories(outDir);
      List<String> fileNames = OutputArtifacts.files(formats, request.artifactName(), outDir).stream().map(OutputFile::fileName).toList();
      return Outcome.of(RemoteCache.in(repository, request, progress).fetch(key.get(), fileNames, outDir), List.of());
    } catch (IOException | ImageException e) {
      return Outcome.of(Optional.empty(), List.of(Diagnostic.unplaced(Severity.WARNING, Rule.CACHE,
          "the build cache " + repository + " could not be read, so the outputs are built: " + e.getMessage())));
    } finally {
      times.end("cache");
    }
  }

  /**
   * Keeps the outputs {@code formats} wrote into {@code outDir} in the remote cache {@code repository}
   * ({@code --cache-to}) under their input key. Failing to is a warning: the outputs stand.
   */
  public Outcome<Boolean> keepCached(Spec spec, Set<Format> formats, Optional<Appliance> appliance, Path outDir, String repository) {
    progress.phase("keeping the outputs in the build cache " + repository);
    try {
      List<String> keys = new ArrayList<>();
      inputKey(spec, formats).ifPresent(keys::add);
      if (appliance.isPresent()) {
        planKey(appliance.get().digests().plan(), formats).ifPresent(keys::add);
      }
      if (keys.isEmpty()) {
        return Outcome.of(false, List.of(Diagnostic.unplaced(Severity.WARNING, Rule.CACHE, "the outputs are not kept in "
            + repository + ": with --boot-assets the bootloader files are not known by their digests")));
      }
      RemoteCache cache = RemoteCache.in(repository, request, progress);
      for (String key : keys) {
        cache.keep(key, OutputArtifacts.files(formats, request.artifactName(), outDir), annotations(appliance));
      }
      return Outcome.of(true, List.of());
    } catch (IOException | ImageException e) {
      return Outcome.of(false, List.of(Diagnostic.unplaced(Severity.WARNING, Rule.CACHE,
          "the outputs could not be kept in the build cache " + repository + ": " + e.getMessage())));
    } finally {
      times.end("cache");
    }
  }

  /** Pushes the outputs {@code formats} wrote into {@code outDir} as the artifact {@code reference} ({@code --push}). */
  public Outcome<Descriptor> push(Set<Format> formats, Optional<Appliance> appliance, Path outDir, String reference) {
    progress.phase("pushing the outputs to " + reference);
    try {
      return Outcome.of(OutputArtifacts.push(OutputArtifacts.files(formats, request.artifactName(), outDir), annotations(appliance),
          reference, request.fetch().registries(), progress),
          List.of());
    } catch (ImageException e) {
      return Outcome.failed(error(Rule.IMAGE, e.getMessage()));
    } finally {
      times.end("push");
    }
  }

  /** What an artifact of this build's outputs says it was made from: the plan's digest (when planned) and the specs. */
  private Map<String, String> annotations(Optional<Appliance> appliance) {
    Map<String, String> annotations = new TreeMap<>();
    appliance.ifPresent(a -> annotations.put(ApplianceArtifact.PLAN_DIGEST, a.digests().plan()));
    StringBuilder specs = new StringBuilder();
    for (Path file : request.specs()) {
      try {
        specs.append(specs.length() == 0 ? "" : "\n---\n").append(Files.readString(file));
      } catch (IOException e) {
        return annotations; // the specs were read moments ago; without them the artifact still says its plan
      }
    }
    annotations.put(ApplianceArtifact.SPEC, specs.toString());
    return annotations;
  }

  private Optional<String> planKey(String planDigest, Set<Format> formats) throws IOException {
    return toolIdentity.isEmpty() ? Optional.empty() : InputKey.ofPlan(request, planDigest, formats, toolIdentity.get());
  }

  private Optional<String> inputKey(Spec spec, Set<Format> formats) throws IOException {
    if (toolIdentity.isEmpty()) {
      return Optional.empty();
    }
    if (inputKey == null) {
      inputKey = InputKey.of(request, spec, formats, resolver(), toolIdentity.get());
    }
    return inputKey;
  }

  private ImageStore store() {
    if (store == null) {
      store = ImageStore.open(request.store());
    }
    return store;
  }

  private ImageResolver resolver() {
    if (resolver == null) {
      ImportOptions options = new ImportOptions(RuntimeConfig.EMPTY, request.fetch().platform(),
          SourceDateEpoch.from(request.environment()));
      resolver = new ImageResolver(store(), request.fetch(), options, progress);
    }
    return resolver;
  }

  /** The user's home, where {@code ~/} in a spec's {@code source:} points. */
  private Path home() {
    return UserHome.directory(request.environment());
  }

  private Optional<BuildCache> buildCache() {
    if (!request.reuseOutputs()) {
      return Optional.empty();
    }
    return toolIdentity.map(tool -> new BuildCache(request.cache().resolve("builds"), tool, BUILD_CACHE_BUDGET));
  }

  /** What lowering reports, at the place in the spec that brought it in. */
  private static Diagnostic lowering(Source source, Severity severity, String message) {
    return new Diagnostic(source.file(), source.position(), severity, Rule.LOWERING, message);
  }

  private static Diagnostic error(Rule rule, String message) {
    return Diagnostic.unplaced(Severity.ERROR, rule, message);
  }

  private static void deleteCopy(Path copy) {
    if (copy == null) {
      return;
    }
    try {
      TemporaryFiles.in(TemporaryFiles.systemTemporaryDirectory()).delete(copy);
    } catch (IOException e) {
      // only a copy of bootloader files, which the build no longer needs: its outcome stands
    }
  }

}
