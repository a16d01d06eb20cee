package dev.imgc.build;

import dev.imgc.boot.BootAsset;
import dev.imgc.emit.Format;
import dev.imgc.image.ImageSource;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.UserHome;
import dev.imgc.image.deb.AptState;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.store.ImageStore;
import dev.imgc.io.AtomicFiles;
import dev.imgc.spec.model.FileSpec;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a compile read and wrote, kept so that the same compile run again finds its outputs in place
 * and up to date without reading a spec, planning or opening the image store, as {@code make} compares
 * times: the no-op rebuild.
 *
 * <p>A record is kept per compile, under a key made of everything the command line and environment
 * give it (the tool, the working directory, the spec and variable files' names, the variables, the
 * options, the output directory, {@code SOURCE_DATE_EPOCH}, {@code HOME}, {@code APT_CONFIG}). It lists
 * what the compile depends on, each as a {@link Watch}, with what was seen before the compile read it:
 * the specs' and variable files' bytes (by digest), the host files a spec copies in and the files or
 * directories its images are imported from (by size, times, mode, owner and inode, every entry of a
 * directory), the store's {@code index.json} (which says what each image name is: blobs never change),
 * apt's state for {@code deb://} packages, and the host's bootloader files; and the outputs as written
 * (size, time, inode). When everything is still so, the outputs are what the compile would write again.
 *
 * <p>A compile that may reach the network for its answer is never recorded: {@code --pull},
 * {@code --boot-assets}, another machine's platform (its bootloader files come from an image), and the
 * remote cache options. A directory of more than {@value #MOST_WATCHED_ENTRIES} entries is not watched
 * either: looking at it would cost what the compile does.
 */
final class BuildRecord {
  private static final String HEADER = "imgc build record 1";
  private static final String COMMAND_HEADER = "imgc command record 1";
  private static final int MOST_WATCHED_ENTRIES = 20_000;
  /** What shells change between two runs of one command in one place, and imgc never reads. */
  private static final Set<String> SHELL_BOOKKEEPING = Set.of("_", "OLDPWD");

  /** One thing a compile depends on: what kind of look it takes, at what, and what was seen. */
  record Watch(Kind kind, String subject, String seen) {
    /** What is there now, looked at as this watch looks. */
    Watch now(Map<String, String> environment) throws IOException {
      return new Watch(kind, subject, kind.look(subject, environment));
    }
  }

  /** The ways a watch looks at its subject, each cheap: no file but a spec is read. */
  enum Kind {
    /** A small file's digest: specs and variable files. */
    CONTENT {
      @Override
      String look(String path, Map<String, String> environment) throws IOException {
        try {
          return Digest.ofFile(Path.of(path)).toString();
        } catch (NoSuchFileException e) {
          return "absent";
        }
      }
    },
    /**
     * The file a path names (symbolic links followed, as a compile reads it): where it is, its size,
     * times, mode, owner and inode (the change time moves with every change of these); or its absence.
     */
    FILE {
      @Override
      String look(String path, Map<String, String> environment) throws IOException {
        try {
          Path real = Path.of(path).toRealPath();
          return real + " " + status(real);
        } catch (NoSuchFileException e) {
          return "absent";
        }
      }
    },
    /** {@link #FILE}, and for a directory every entry under it, by relative path. */
    TREE {
      @Override
      String look(String path, Map<String, String> environment) throws IOException {
        String top = FILE.look(path, environment);
        Path root = Path.of(path);
        if (!Files.isDirectory(root)) {
          return top;
        }
        var hasher = Digest.newHasher();
        hasher.update(top.getBytes(StandardCharsets.UTF_8));
        root = root.toRealPath();
        try (Stream<Path> walk = Files.walk(root)) {
          int[] entries = {0};
          Path walked = root;
          walk.sorted().forEach(entry -> {
            if (++entries[0] > MOST_WATCHED_ENTRIES) {
              throw new UncheckedIOException(new IOException(walked + " holds too many entries to watch"));
            }
            try {
              hasher.update((walked.relativize(entry) + " " + status(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
        return Digest.fromHash(hasher.digest()).hex();
      }
    },
    /** apt's state, which decides what a {@code deb://} package name resolves to. */
    APT {
      @Override
      String look(String subject, Map<String, String> environment) {
        return AptState.host(environment).fingerprint();
      }
    },
    /** An output as written: its size, modification time and inode (what the build cache's stamps compare). */
    OUTPUT {
      @Override
      String look(String path, Map<String, String> environment) throws IOException {
        try {
          BasicFileAttributes file = Files.readAttributes(Path.of(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          // the time as a number: formatting an instant costs its first use in a process 15 ms
          return file.size() + " " + file.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " " + file.fileKey();
        } catch (NoSuchFileException e) {
          return "absent";
        }
      }
    };

    abstract String look(String subject, Map<String, String> environment) throws IOException;
  }

  private BuildRecord() {}

  /**
   * Where the record of compiling {@code request}'s {@code formats} into {@code outDir} is kept; empty
   * for a compile that is never recorded (see the class).
   */
  static Optional<Path> file(BuildRequest request, Set<Format> formats, Path outDir, Optional<String> tool) {
    if (tool.isEmpty() || !recordable(request)) {
      return Optional.empty();
    }
    // the disk options by their own line, not a record's toString, whose first use costs a compile 25 ms
    List<String> key = new ArrayList<>(List.of(HEADER, "tool " + tool.get(),
        "working directory " + Path.of("").toAbsolutePath(), "output " + outDir.toAbsolutePath().normalize(),
        "formats " + formats.stream().map(Format::toString).sorted().toList(), "name " + request.artifactName(),
        "compression " + request.compression(), "platform " + request.fetch().platform(), request.disk().inputLine(),
        "pull " + request.fetch().policy(), "store " + request.store().toAbsolutePath(),
        "cache " + request.cache().toAbsolutePath(), "disabled passes " + request.disabledPasses().stream().sorted().toList()));
    request.specs().forEach(spec -> key.add("spec " + spec.toAbsolutePath()));
    request.variableFiles().forEach(file -> key.add("variable file " + file.toAbsolutePath()));
    new TreeMap<>(request.variables()).forEach((name, value) -> key.add("variable " + name + "=" + value));
    for (String name : List.of("SOURCE_DATE_EPOCH", "HOME", "APT_CONFIG")) {
      key.add("environment " + name + "=" + request.environment().getOrDefault(name, ""));
    }
    String digest = Digest.of(String.join("\n", key).getBytes(StandardCharsets.UTF_8)).hex();
    return Optional.of(request.cache().resolve("records").resolve(digest));
  }

  /**
   * Where the record of a compile is kept a second time, under a key made of the command line as given
   * (the arguments after {@code imgc}), the tool, the working directory and the whole environment
   * instead of the request parsed from them: the same command run again is answered from it before its
   * options are parsed ({@link Compiler#upToDate(List, Map, Optional)}). The same arguments, directory
   * and environment always parse to the same request, except for an argument naming a file of
   * arguments ({@code @FILE}), whose contents the key cannot see: such a command has no record here.
   * {@code cache} is the cache the environment alone names, the only one a command not yet parsed can
   * look in.
   */
  static Optional<Path> commandFile(Path cache, List<String> arguments, Map<String, String> environment,
      Optional<String> tool) {
    // loops, not lambdas: this runs before anything else in a no-op, where each lambda's first use costs
    if (tool.isEmpty()) {
      return Optional.empty();
    }
    List<String> key = new ArrayList<>(List.of(COMMAND_HEADER, "tool " + tool.get(),
        "working directory " + Path.of("").toAbsolutePath()));
    for (String argument : arguments) {
      if (argument.startsWith("@")) {
        return Optional.empty();
      }
      key.add("argument " + argument.length() + " " + argument);
    }
    for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
      if (!SHELL_BOOKKEEPING.contains(variable.getKey())) {
        key.add("environment " + variable.getKey().length() + " " + variable.getKey() + "=" + variable.getValue());
      }
    }
    String digest = Digest.of(String.join("\n", key).getBytes(StandardCharsets.UTF_8)).hex();
    return Optional.of(cache.resolve("records").resolve("command-" + digest));
  }

  /** Whether a compile of {@code request} may be recorded: it reuses outputs and reaches no network for its answer. */
  static boolean recordable(BuildRequest request) {
    return request.reuseOutputs() && Compiler.bootAssets(request).isEmpty()
        && request.fetch().policy() != dev.imgc.image.PullPolicy.ALWAYS;
  }

  /** The specs and variable files as they are before a compile reads them. */
  static List<Watch> specs(BuildRequest request) throws IOException {
    List<Watch> watches = new ArrayList<>();
    for (Path file : request.specs()) {
      watches.add(watch(Kind.CONTENT, file.toAbsolutePath().toString(), request));
    }
    for (Path file : request.variableFiles()) {
      watches.add(watch(Kind.CONTENT, file.toAbsolutePath().toString(), request));
    }
    return watches;
  }

  /**
   * The rest of what compiling {@code spec} reads, as it is before planning reads it: the host files
   * the spec copies in, its images' sources, apt's state, the bootloader files.
   */
  static List<Watch> inputs(BuildRequest request, Spec spec) throws IOException {
    List<Watch> watches = new ArrayList<>();
    Path home = UserHome.directory(request.environment());
    for (FileSpec file : spec.files()) {
      if (file.sourceFile().isPresent()) {
        String source = file.sourceFile().get().value();
        Path host = source.startsWith("~/") ? home.resolve(source.substring(2)) : Path.of(source);
        watches.add(watch(Kind.TREE, host.toAbsolutePath().toString(), request));
      }
    }
    for (Located<String> image : InputKey.images(spec)) {
      try {
        ImageSource source = ImageSource.parse(image.value(), ImageSource.Syntax.SPEC);
        if (source instanceof ImageSource.Dir dir) {
          watches.add(watch(Kind.TREE, dir.dir().toAbsolutePath().toString(), request));
        } else if (source instanceof ImageSource.OciDir dir) {
          watches.add(watch(Kind.TREE, dir.dir().toAbsolutePath().toString(), request));
        } else if (source instanceof ImageSource.Tar tar) {
          watches.add(watch(Kind.FILE, tar.file().toAbsolutePath().toString(), request));
        } else if (source instanceof ImageSource.OciArchive archive) {
          watches.add(watch(Kind.FILE, archive.file().toAbsolutePath().toString(), request));
        } else if (source instanceof ImageSource.DockerArchive archive) {
          watches.add(watch(Kind.FILE, archive.file().toAbsolutePath().toString(), request));
        } else if (source instanceof ImageSource.DebFiles debs) {
          for (Path deb : debs.files()) {
            watches.add(watch(Kind.FILE, deb.toAbsolutePath().toString(), request));
          }
        } else if (source instanceof ImageSource.DebPackages) {
          watches.add(watch(Kind.APT, "apt", request));
        }
      } catch (InvalidReferenceException e) {
        // planning reports it; such a compile fails and is not recorded
      }
    }
    for (BootAsset asset : BootAsset.values()) {
      for (String hostPath : asset.hostPaths()) {
        watches.add(watch(Kind.FILE, hostPath, request));
      }
    }
    // one watch per subject, told apart by name: hashing the records (through method handles, on
    // their first use) cost the plan phase milliseconds
    Map<String, Watch> bySubject = new LinkedHashMap<>();
    for (Watch watch : watches) {
      bySubject.putIfAbsent(watch.kind().name() + " " + watch.subject(), watch);
    }
    return List.copyOf(bySubject.values());
  }

  /**
   * The store's index as planning left it: what each image name means. Planning names what it imports
   * there (rewriting the index only when a name changes), so it is seen after planning, not before.
   */
  static Watch storeIndex(BuildRequest request) throws IOException {
    return watch(Kind.FILE, ImageStore.indexFile(request.store().toAbsolutePath()).toString(), request);
  }

  /**
   * Keeps the record of a compile that read {@code inputs} and wrote {@code outputs} in each of
   * {@code records}; failing to costs only the next compile.
   */
  static void keep(List<Path> records, List<Watch> inputs, List<Path> outputs, Map<String, String> environment) {
    try {
      List<String> lines = new ArrayList<>(List.of(HEADER));
      for (Watch watch : inputs) {
        lines.add(line(watch));
      }
      for (Path output : outputs) { // named as the compile named them (the working directory is in the key)
        lines.add(line(new Watch(Kind.OUTPUT, output.toString(), "").now(environment)));
      }
      if (lines.stream().skip(1).anyMatch(line -> line.split("\t", -1).length != 3)) {
        return; // a name holding a tab or a line break: not recorded
      }
      byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
      for (Path record : records) {
        Files.createDirectories(record.getParent());
        AtomicFiles.replace(record, out -> out.write(text));
      }
    } catch (IOException | UncheckedIOException e) {
      // a read-only or full cache: the next compile plans again
    }
  }

  /** Keeps {@code record}, found up to date, as {@code copy} too; failing to costs only the next compile. */
  static void copy(Path record, Path copy) {
    try {
      AtomicFiles.replace(copy, out -> Files.copy(record, out));
    } catch (IOException | UncheckedIOException e) {
      // as keep
    }
  }

  /** The outputs of the recorded compile, when {@code record} is there and everything it watches is as it saw it. */
  static Optional<List<Path>> upToDate(Path record, Map<String, String> environment) {
    try {
      List<String> lines = Files.readAllLines(record, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        return Optional.empty();
      }
      List<Path> outputs = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.split("\t", -1);
        Kind kind = Kind.valueOf(fields[0]);
        if (!kind.look(fields[2], environment).equals(fields[1])) {
          return Optional.empty();
        }
        if (kind == Kind.OUTPUT) {
          outputs.add(Path.of(fields[2]));
        }
      }
      return outputs.isEmpty() ? Optional.empty() : Optional.of(outputs);
    } catch (IOException | RuntimeException unreadable) { // missing, damaged or from another imgc: plan again
      return Optional.empty();
    }
  }

  private static Watch watch(Kind kind, String subject, BuildRequest request) throws IOException {
    return new Watch(kind, subject, kind.look(subject, request.environment()));
  }

  private static String line(Watch watch) {
    return watch.kind() + "\t" + watch.seen() + "\t" + watch.subject();
  }

  /** Size, modification and change times, mode, owner and inode of {@code path} itself (a link is not followed). */
  private static String status(Path path) throws IOException {
    Map<String, Object> unix = Files.readAttributes(path, "unix:size,lastModifiedTime,ctime,mode,uid,gid,ino,dev",
        LinkOption.NOFOLLOW_LINKS);
    return unix.get("size") + " " + unix.get("lastModifiedTime") + " " + unix.get("ctime") + " "
        + Integer.toOctalString((Integer) unix.get("mode")) + " " + unix.get("uid") + ":" + unix.get("gid") + " "
        + unix.get("dev") + ":" + unix.get("ino");
  }
}
