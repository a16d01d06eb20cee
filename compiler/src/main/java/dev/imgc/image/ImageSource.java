package dev.imgc.image;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where an image comes from: a registry reference ({@code alpine:3.19}, LinuxKit's form) or a source
 * read through one of imgc's transports, {@code oci:DIR[:TAG]}, {@code oci-archive:FILE[:TAG]},
 * {@code docker-archive:FILE[:REPO:TAG]}, {@code dir:PATH}, {@code tar:FILE},
 * {@code deb:FILE.deb[,FILE.deb…]}, {@code deb:PKG[,PKG…]} or {@code docker://REF}.
 *
 * <p>How a transport is written depends on where: see {@link Syntax}. One list of transports and one
 * parser serve the spec checks, the build and the command line, so that they never disagree on what a
 * text names.
 */
public sealed interface ImageSource {
  /** Every transport imgc reads, by the name skopeo gives it. */
  List<String> TRANSPORTS = List.of("oci", "oci-archive", "docker-archive", "dir", "tar", "deb", "docker");

  /** How a transport is written. */
  enum Syntax {
    /**
     * In a spec only {@code TRANSPORT://…} names a transport, which no registry reference can hold; so
     * {@code docker:20.10.6-dind} (LinuxKit's {@code docker.yml}) is Docker Hub's {@code docker} image.
     */
    SPEC,
    /**
     * On the command line, skopeo's way: {@code dir:PATH}, {@code oci:DIR:TAG}, and {@code docker://REF}
     * (skopeo's docker transport takes only the {@code //} form, so {@code docker:TAG} stays a registry
     * reference). The {@code TRANSPORT://…} form of a spec is read too.
     */
    COMMAND_LINE
  }

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
  static ImageSource parse(String text, Syntax syntax) throws InvalidReferenceException {
    int colon = text.indexOf(':');
    String transport = colon < 0 ? "" : text.substring(0, colon);
    boolean slashes = colon > 0 && text.startsWith("://", colon) && isTransportName(transport);
    boolean skopeoForm = syntax == Syntax.COMMAND_LINE && TRANSPORTS.contains(transport) && !transport.equals("docker");
    if (!slashes && !skopeoForm) {
      return new Registry(ImageReference.parse(text));
    }
    if (!TRANSPORTS.contains(transport)) {
      throw new UnknownTransportException(transport, "unknown image transport '" + transport + "'; imgc reads "
          + String.join(", ", TRANSPORTS) + " and registry references");
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

  /** A URI scheme's spelling (RFC 3986), which a registry reference's first component never has before {@code ://}. */
  private static boolean isTransportName(String name) {
    return name.matches("[A-Za-z][A-Za-z0-9+.-]*");
  }
}
