package dev.imgc.run;

import dev.imgc.emit.Architecture;
import dev.imgc.emit.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What {@code imgc run PATH} boots: the format and the prefix ({@code out/web}) its files are named by. */
public record Artifact(Format format, Path prefix) {
  /**
   * The artifact {@code path} names: one of the files {@code imgc compile} wrote ({@code out/web.iso}),
   * or their common prefix ({@code out/web}), with {@code format} choosing among several.
   */
  public static Artifact find(Path path, Optional<Format> format) {
    String file = path.getFileName().toString();
    List<Format> candidates = format.map(List::of).orElseGet(Format::bootable);
    // the longest suffix a file ends with names its format: web-efi.qcow2 is qcow2-efi's, not qcow2-bios's
    Optional<Artifact> named = candidates.stream()
        .flatMap(candidate -> candidate.fileNames("").stream()
            .filter(suffix -> file.endsWith(suffix) && file.length() > suffix.length())
            .map(suffix -> new Artifact(candidate, path.resolveSibling(file.substring(0, file.length() - suffix.length())))))
        .max(Comparator.comparingInt(artifact -> file.length() - artifact.prefix().getFileName().toString().length()));
    if (named.isPresent() && Files.isRegularFile(path)) {
      return named.get();
    }
    for (Format candidate : candidates) {
      if (candidate.fileNames(file).stream().allMatch(name -> Files.isRegularFile(path.resolveSibling(name)))) {
        return new Artifact(candidate, path);
      }
    }
    throw new IllegalArgumentException("no bootable artifact at " + path + format.map(f -> " in format " + f.userName())
        .orElse("") + "; give the -o directory and name imgc compile wrote (e.g. out/web) or one of its files");
  }

  /**
   * The machine the artifact is for, read from its first file; an archive of a root filesystem, which
   * nothing boots, is taken as the host's.
   */
  public Architecture architecture() throws IOException {
    Path first = prefix.resolveSibling(format.fileNames(prefix.getFileName().toString()).get(0));
    return format.boot().isEmpty() ? Architecture.AMD64 : ArtifactArchitecture.of(format.boot().get().medium(), first);
  }
}
