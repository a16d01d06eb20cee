package dev.imgc.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Extended attributes of files on this machine's file system, set and read by the kernel through
 * Python's {@code os.setxattr} and {@code os.getxattr}: an oracle that shares nothing with imgc's code.
 * Values are hex. {@code security.*} and {@code trusted.*} need root, which tests check with
 * {@link #asRoot()}.
 */
public final class HostXattrs {
  /**
   * A vfs_cap_data revision 2 as {@code setcap cap_net_bind_service+ep} writes it: magic 0x02000000
   * with the effective flag (1), then permitted bit 10 (CAP_NET_BIND_SERVICE), all little-endian, and
   * zero inheritable and upper words.
   */
  public static final String CAP_NET_BIND_SERVICE = "01000002" + "00040000" + "00000000" + "00000000" + "00000000";

  private static final String WALK = """
      import os, sys
      root = sys.argv[1]
      for dirpath, dirnames, filenames in os.walk(root):
          for name in sorted(dirnames + filenames):
              path = os.path.join(dirpath, name)
              for attr in sorted(os.listxattr(path, follow_symlinks=False)):
                  value = os.getxattr(path, attr, follow_symlinks=False)
                  print(os.path.relpath(path, root), attr, value.hex())
      """;

  private HostXattrs() {}

  public static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Sets the attribute {@code name} of {@code file} to the bytes {@code hex} spells. */
  public static void set(Path file, String name, String hex) {
    StreamTestSupport.run(file.getParent(), "python3", "-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], bytes.fromhex(sys.argv[3]))",
        file.toString(), name, hex);
  }

  /** Every attribute under {@code root}: "path name" (path relative to root) to the value's hex. */
  public static Map<String, String> tree(Path root) {
    Map<String, String> found = new TreeMap<>();
    for (String line : StreamTestSupport.run(root, "python3", "-c", WALK, root.toString()).lines().toList()) {
      String[] fields = line.split(" ", -1);
      found.put(fields[0] + " " + fields[1], fields[2]);
    }
    return found;
  }

  /** The bytes of {@code file} in hex. */
  public static String hexOf(Path file) throws IOException {
    return HexFormat.of().formatHex(Files.readAllBytes(file));
  }

  /**
   * Writes under {@code root} a small tree whose attributes are not text: {@code data/blob} with
   * {@code user.bin} (NUL, bytes that are not UTF-8, a newline and an '='), {@code user.a=b%c} (a name
   * GNU tar escapes) and an empty {@code user.empty}; as root also {@code usr/bin/server} with
   * {@code setcap cap_net_bind_service+ep}'s capability, {@code etc/label} with a {@code
   * security.selinux} label ending in a NUL, and the directory {@code upper} marked opaque with {@code
   * trusted.overlay.opaque}. {@code bin/busybox} is a plain file, for formats whose boot stage needs one.
   */
  public static void sampleTree(Path root) throws IOException {
    for (String dir : new String[] {"bin", "data", "etc", "usr/bin", "upper"}) {
      Files.createDirectories(root.resolve(dir));
    }
    Files.writeString(root.resolve("bin/busybox"), "not busybox\n");
    Files.writeString(root.resolve("data/blob"), "blob\n");
    set(root.resolve("data/blob"), "user.bin", "00ff80fe0a3d78");
    set(root.resolve("data/blob"), "user.a=b%c", "76");
    set(root.resolve("data/blob"), "user.empty", "");
    if (asRoot()) {
      Files.writeString(root.resolve("usr/bin/server"), "#!/bin/sh\n");
      StreamTestSupport.run(root, "setcap", "cap_net_bind_service+ep", "usr/bin/server");
      Files.writeString(root.resolve("etc/label"), "labelled\n");
      set(root.resolve("etc/label"), "security.selinux", HexFormat.of().formatHex("system_u:object_r:etc_t:s0\0".getBytes(StandardCharsets.US_ASCII)));
      set(root.resolve("upper"), "trusted.overlay.opaque", "79");
    }
  }
}
