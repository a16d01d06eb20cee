package dev.imgc.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an image comes from. A spec or the command line writes it either as a registry reference
 * ({@code alpine:3.19}, LinuxKit's form) or with a transport named as skopeo names it, followed by
 * {@code :} or {@code ://}: {@code oci:DIR[:TAG]}, {@code oci-archive:FILE[:TAG]},
 * {@code docker-archive:FILE[:REPO:TAG]}, {@code dir:PATH}, {@code tar:FILE},
 * {@code deb:FILE.deb[,FILE.deb…]} or {@code deb:PKG[,PKG…]}. A registry reference never holds
 * {@code ://}, and never starts with a transport name and a colon.
 */
public sealed interface ImageSource {
  List<String> TRANSPORTS = List.of("oci", "oci-archive", "docker-archive", "dir", "tar", "deb", "docker");

  record Registry(ImageReference reference) implements ImageSource {}

  record OciDir(Path dir, Optional<String> tag) implements ImageSource {}

  record OciArchive(Path file, Optional<String> tag) implements ImageSource {}

  record DockerArchive(Path file, Optional<String> tag) implements ImageSource {}

  record Dir(Path dir) implements ImageSource {}

  record Tar(Path file) implements ImageSource {}

  record DebFiles(List<Path> files) implements ImageSource {
    public DebFiles {
      files = List.copyOf(files);
    }
  }

  record DebPackages(List<String> names) implements ImageSource {
    public DebPackages {
      names = List.copyOf(names);
    }
  }

  /** The source as imgc writes it: {@code docker.io/library/alpine:3.19}, {@code dir:rootfs}, {@code deb:a,b}. */
  default String text() {
    if (this instanceof Registry registry) {
      return registry.reference().normalized();
    } else if (this instanceof OciDir oci) {
      return "oci:" + oci.dir() + oci.tag().map(t -> ":" + t).orElse("");
    } else if (this instanceof OciArchive archive) {
      return "oci-archive:" + archive.file() + archive.tag().map(t -> ":" + t).orElse("");
    } else if (this instanceof DockerArchive archive) {
      return "docker-archive:" + archive.file() + archive.tag().map(t -> ":" + t).orElse("");
    } else if (this instanceof Dir dir) {
      return "dir:" + dir.dir();
    } else if (this instanceof Tar tar) {
      return "tar:" + tar.file();
    } else if (this instanceof DebFiles debs) {
      return "deb:" + String.join(",", debs.files().stream().map(Path::toString).toList());
    } else {
      return "deb:" + String.join(",", ((DebPackages) this).names());
    }
  }

  /** Parses the source form; the offset of an error counts from the start of {@code text}. */
  static ImageSource parse(String text) throws InvalidReferenceException {
    int colon = text.indexOf(':');
    String transport = colon < 0 ? "" : text.substring(0, colon);
    boolean slashes = text.startsWith("://", Math.max(colon, 0));
    if (colon < 0 || !(TRANSPORTS.contains(transport) || slashes)) {
      return new Registry(ImageReference.parse(text));
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new InvalidReferenceException(0, "unknown image transport '" + transport + "'; imgc reads "
          + String.join(", ", TRANSPORTS.subList(0, TRANSPORTS.size() - 1)) + " and registry references");
    }
    int restStart = colon + (slashes ? 3 : 1);
    String rest = text.substring(restStart);
    if (rest.isEmpty()) {
      throw new InvalidReferenceException(restStart, "the " + transport + " transport needs a location after '" + transport + ":'");
    }
    switch (transport) {
      case "docker":
        try {
          return new Registry(ImageReference.parse(rest));
        } catch (InvalidReferenceException e) {
          throw new InvalidReferenceException(restStart + e.offset(), e.getMessage());
        }
      case "dir":
        return new Dir(Path.of(rest));
      case "tar":
        return new Tar(Path.of(rest));
      case "deb":
        return debs(rest, restStart);
      default:
        int tagColon = rest.indexOf(':');
        Path file = Path.of(tagColon < 0 ? rest : rest.substring(0, tagColon));
        Optional<String> tag = tagColon < 0 ? Optional.empty() : Optional.of(rest.substring(tagColon + 1));
        return switch (transport) {
          case "oci" -> new OciDir(file, tag);
          case "oci-archive" -> new OciArchive(file, tag);
          default -> new DockerArchive(file, tag);
        };
    }
  }

  /** {@code deb:} names package files (ending in {@code .deb}) or package names, not both. */
  private static ImageSource debs(String list, int offset) throws InvalidReferenceException {
    List<String> items = Arrays.stream(list.split(",", -1)).map(String::trim).toList();
    if (items.stream().anyMatch(String::isEmpty)) {
      throw new InvalidReferenceException(offset, "deb: takes a comma-separated list of package names or .deb files, with no empty item");
    }
    long files = items.stream().filter(i -> i.endsWith(".deb")).count();
    if (files == items.size()) {
      return new DebFiles(items.stream().map(Path::of).toList());
    }
    if (files > 0) {
      throw new InvalidReferenceException(offset, "deb: takes either .deb files or package names, not both; use two images");
    }
    return new DebPackages(items);
  }
}
