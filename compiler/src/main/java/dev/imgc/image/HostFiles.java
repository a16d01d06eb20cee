package dev.imgc.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a file on the build machine is, for the two places a build reads the host's files (a spec's
 * {@code files: source:} and a {@code dir:} import): only regular files are read as content, and
 * nothing is read from the host's root or from a filesystem that is the kernel's view of the running
 * system ({@code /proc}, {@code /sys}, {@code /dev}), whose files never end ({@code /dev/zero}),
 * block ({@code /proc/kmsg}) or differ on every read.
 */
public final class HostFiles {
  /** The file type bits of {@code st_mode}, as {@code unix:mode} gives them. */
  public static final int TYPE_MASK = 0170000;
  public static final int REGULAR = 0100000;
  public static final int DIRECTORY = 0040000;
  public static final int SYMLINK = 0120000;
  public static final int CHARACTER = 0020000;
  public static final int BLOCK = 0060000;
  public static final int FIFO = 0010000;
  public static final int SOCKET = 0140000;

  /** Where the kernel mounts its views of the running system; also found by type when mounted elsewhere. */
  private static final List<Path> PSEUDO_ROOTS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));

  private static final Set<String> PSEUDO_TYPES = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
      "debugfs", "tracefs", "securityfs", "configfs", "efivarfs", "bpf", "pstore", "mqueue", "hugetlbfs", "fusectl",
      "binfmt_misc", "nsfs", "rpc_pipefs");

  private HostFiles() {}

  /** The file type bits of {@code path}, symlinks followed. */
  public static int type(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode") & TYPE_MASK;
  }

  /** "a character device", "a FIFO", …: the type as a sentence names it. */
  public static String describe(int type) {
    return switch (type) {
      case REGULAR -> "a regular file";
      case DIRECTORY -> "a directory";
      case SYMLINK -> "a symbolic link";
      case CHARACTER -> "a character device";
      case BLOCK -> "a block device";
      case FIFO -> "a FIFO (named pipe)";
      case SOCKET -> "a socket";
      default -> "a special file";
    };
  }

  /**
   * Why nothing under {@code path} may be read as an image's or a file's content, if that is so: it is
   * the host's root, or (symlinks followed) on one of the kernel's pseudo-filesystems.
   */
  public static Optional<String> refusal(Path path) throws IOException {
    Path real = path.toRealPath();
    if (real.getParent() == null) {
      return Optional.of("it is the build machine's root filesystem");
    }
    for (Path pseudo : PSEUDO_ROOTS) {
      if (real.startsWith(pseudo)) {
        return Optional.of("it is under " + pseudo + ", the kernel's view of the running system");
      }
    }
    return pseudoFilesystem(real).map(type -> "it is on a " + type + " filesystem, the kernel's view of the running system");
  }

  /** The type of the filesystem {@code path} is on, when it is one of the kernel's pseudo-filesystems. */
  public static Optional<String> pseudoFilesystem(Path path) throws IOException {
    String type = Files.getFileStore(path).type();
    return PSEUDO_TYPES.contains(type) ? Optional.of(type) : Optional.empty();
  }
}
