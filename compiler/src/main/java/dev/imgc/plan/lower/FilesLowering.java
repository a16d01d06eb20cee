package dev.imgc.plan.lower;

import dev.imgc.fs.Metadata;
import dev.imgc.image.HostFiles;
import dev.imgc.image.ImageException;
import dev.imgc.image.layer.MemberPath;
import dev.imgc.image.oci.Digest;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import dev.imgc.plan.runtime.IdAllocator;
import dev.imgc.spec.model.FileSpec;
import dev.imgc.spec.model.Id;
import dev.imgc.spec.model.Located;
import dev.imgc.spec.model.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The spec's {@code files:} entries with LinuxKit's defaults: mode 0600 for a file or symlink and
 * 0700 for a directory; each missing parent directory made with the entry's owner and its mode with
 * an execute bit added wherever a read or write bit is set; {@code source} read from the build
 * machine ({@code ~/} meaning the home directory) and skipped when {@code optional} and absent: a
 * regular file, or a directory copied with all it holds ({@link SourceDirectory}), while a device, FIFO
 * or socket, or anything under {@code /proc}, {@code /sys} or {@code /dev}, is refused, never opened;
 * {@code metadata} the resolved spec rendered as YAML or JSON. Owners named by a container's name
 * get that container's id.
 */
final class FilesLowering {
  private final Spec spec;
  private final IdAllocator ids;
  private final Path home;
  private final Placement placement;
  private final Set<String> present = new HashSet<>();

  FilesLowering(Spec spec, IdAllocator ids, Path home, Placement placement) {
    this.spec = spec;
    this.ids = ids;
    this.home = home;
    this.placement = placement;
  }

  void lower() {
    for (PlanEntry entry : placement.entries()) {
      if (!(entry.node() instanceof PlanEntry.Whiteout) && !(entry.node() instanceof PlanEntry.OpaqueDirectory)) {
        present.add(entry.path());
      }
    }
    List<FileSpec> files = spec.files();
    for (int i = 0; i < files.size(); i++) {
      lower(files.get(i), Provenance.of("files[" + i + "]"));
    }
  }

  private void lower(FileSpec file, Provenance provenance) {
    placement.locate(provenance.location(), file.path().source());
    String path = MemberPath.of(file.path().value()).filter(p -> !MemberPath.escapes(file.path().value()))
        .map(MemberPath::path)
        .orElseThrow(() -> new LoweringException(file.path().source(),
            "the path '" + file.path().value() + "' does not name a place inside the image; write it relative to /"));
    int mode = file.mode().map(m -> Integer.parseInt(m.value(), 8)).orElse(file.directory() ? 0700 : 0600);
    int uid = id(file.uid());
    int gid = id(file.gid());
    Optional<ContentRef> content = Optional.empty();
    Optional<Path> sourceDirectory = Optional.empty();
    if (!file.directory() && file.symlink().isEmpty()) {
      if (file.contents().isEmpty() && file.metadata().isEmpty()) {
        Optional<Path> host = hostSource(file);
        if (host.isEmpty()) {
          return; // an optional source that is not there
        }
        sourceDirectory = host.filter(Files::isDirectory);
        if (sourceDirectory.isEmpty()) {
          content = Optional.of(hashed(host.get(), file.sourceFile().get()));
        }
      } else {
        content = Optional.of(inline(file));
      }
    }
    Attributes parents = Attributes.of(new Metadata(withSearchBits(mode), uid, gid, placement.time()), provenance);
    String[] parts = path.split("/");
    for (int i = 1; i < parts.length; i++) {
      String parent = String.join("/", java.util.Arrays.copyOf(parts, i));
      if (present.add(parent)) {
        placement.add(new PlanEntry(parent, parents, new PlanEntry.Directory()));
      }
    }
    present.add(path);
    Metadata metadata = new Metadata(mode, uid, gid, placement.time());
    Attributes attributes = Attributes.of(metadata, provenance);
    if (sourceDirectory.isPresent()) {
      copyTree(sourceDirectory.get(), path, file, metadata, provenance);
    } else if (file.directory()) {
      placement.add(new PlanEntry(path, attributes, new PlanEntry.Directory()));
    } else if (file.symlink().isPresent()) {
      placement.add(new PlanEntry(path, attributes, new PlanEntry.Symlink(file.symlink().get().value())));
    } else {
      placement.add(new PlanEntry(path, attributes, new PlanEntry.File(content.get())));
    }
  }

  /** LinuxKit's mode for the parent directories of a file: x added in each of user, group, other that has any bit. */
  static int withSearchBits(int mode) {
    int dir = mode;
    for (int shift = 0; shift <= 6; shift += 3) {
      if ((mode & (07 << shift)) != 0) {
        dir |= 01 << shift;
      }
    }
    return dir;
  }

  private int id(Optional<Located<Id>> id) {
    if (id.isEmpty()) {
      return 0;
    }
    Id value = id.get().value();
    return (int) ids.resolve(value).orElseThrow(() -> new LoweringException(id.get().source(), (value instanceof Id.Named n
        ? "'" + n.name() + "' is neither a number, root, nor the name of an onboot, onshutdown or service container"
        : "an owner's id is a number from 0 to 4294967295")));
  }

  private ContentRef inline(FileSpec file) {
    if (file.contents().isPresent()) {
      return ContentRef.Inline.of(file.contents().get().value());
    }
    return ContentRef.Inline.of(SpecDocument.render(spec, file.metadata().get()));
  }

  /**
   * The build machine's file or directory a {@code source:} names, checked to be one that can be read
   * as content; empty when it is optional and absent.
   */
  private Optional<Path> hostSource(FileSpec file) {
    Located<String> source = file.sourceFile().orElseThrow(() -> new LoweringException(file.path().source(),
        "the file " + file.path().value() + " has no contents, source or metadata; give it one"));
    Path host = source.value().startsWith("~/") ? home.resolve(source.value().substring(2)) : Path.of(source.value());
    try {
      int type = HostFiles.type(host);
      if (type != HostFiles.REGULAR && type != HostFiles.DIRECTORY) {
        throw new LoweringException(source.source(), "the source " + host + " is " + HostFiles.describe(type)
            + "; source: takes a regular file, or a directory to copy with what it holds");
      }
      Optional<String> refusal = HostFiles.refusal(host);
      if (refusal.isPresent()) {
        throw new LoweringException(source.source(), "the source " + host + " is not read: " + refusal.get()
            + "; copy what you need into a regular file, or give it with contents:");
      }
      return Optional.of(host);
    } catch (NoSuchFileException e) {
      if (file.optional()) {
        return Optional.empty();
      }
      throw new LoweringException(source.source(), "the source file " + host + " does not exist; create it or mark the entry optional: true");
    } catch (IOException e) {
      if (file.optional()) {
        return Optional.empty();
      }
      throw new LoweringException(source.source(), "the source file " + host + " cannot be read: " + e.getMessage());
    }
  }

  private static ContentRef hashed(Path host, Located<String> source) {
    try {
      return hashed(host);
    } catch (IOException e) {
      throw new LoweringException(source.source(), "the source file " + host + " cannot be read: " + e.getMessage());
    }
  }

  /** The directory itself takes the entry's mode when it gives one, else the host directory's. */
  private void copyTree(Path host, String path, FileSpec file, Metadata entry, Provenance provenance) {
    Located<String> source = file.sourceFile().get();
    try {
      int mode = file.mode().isPresent() ? entry.mode() : (Integer) Files.getAttribute(host, "unix:mode") & 07777;
      Metadata top = new Metadata(mode, entry.uid(), entry.gid(), entry.mtimeSeconds());
      for (PlanEntry copied : SourceDirectory.entries(host, path, top, provenance)) {
        present.add(copied.path());
        placement.add(copied);
      }
    } catch (IOException e) {
      throw new LoweringException(source.source(), "the source directory " + host + " cannot be read: " + e.getMessage());
    } catch (ImageException e) {
      throw new LoweringException(source.source(), "the source directory " + host + " cannot be copied: " + e.getMessage());
    }
  }

  static ContentRef hashed(Path host) throws IOException {
    MessageDigest hasher = Digest.newHasher();
    long size;
    try (InputStream in = new DigestInputStream(Files.newInputStream(host), hasher)) {
      size = in.transferTo(OutputStream.nullOutputStream());
    }
    return new ContentRef.HostFile(host.toAbsolutePath().normalize(), Digest.fromHash(hasher.digest()), size);
  }
}
