package dev.imgc.fs.cpio;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.SizedContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a tree as a cpio archive in the SVR4 "newc" format (magic {@code 070701}), the format the
 * Linux kernel unpacks as an initramfs.
 *
 * <p>Choices, and why:
 *
 * <ul>
 *   <li>Names are written as the entries carry them, relative and without a leading {@code ./} or
 *       {@code /} ({@code etc/passwd}); no entry is written for the root itself. The kernel's
 *       unpacker creates names relative to the rootfs it unpacks into, and {@code cpio -i} extracts
 *       them under the current directory without the "removing leading /" warning; both list and
 *       extract such archives as the kernel's own {@code gen_init_cpio} writes them.
 *   <li>Inode numbers are sequential from 1 in entry order, device fields are zero, so the bytes depend
 *       on the tree only.
 *   <li>Hard links: every name of one file carries the same inode number and the number of names as its
 *       link count; the data is written once, with the last name, and the earlier names have size 0.
 *       GNU cpio defers zero-sized names until the one carrying the data arrives; the kernel creates
 *       the file at the first name, links the later names to it and writes the data when it comes (it
 *       opens an existing link without truncating), so both end with one inode holding the data.
 *   <li>Every header and every body is padded with zeros to a 4-byte boundary, and so is the end of
 *       the archive after {@code TRAILER!!!}: the kernel looks for a following archive (or a compressed
 *       one) on such a boundary, which is what lets archives be concatenated.
 *   <li>The format's fields are 32-bit: the archive is checked against them before anything is
 *       written and a {@link CpioLimitException} says which entry does not fit.
 * </ul>
 *
 * <p>File bytes are streamed from each {@link Entry.RegularFile#content()}; only the entries'
 * metadata is held, so memory does not grow with the size of the files.
 */
public final class CpioWriter {
  /** The largest value an 8-hex-digit header field holds: files are at most 4 GiB - 1 byte. */
  static final long MAX_FIELD = 0xFFFF_FFFFL;

  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final String TRAILER = "TRAILER!!!";
  private static final byte[] ZEROS = new byte[4];

  private CpioWriter() {}

  /**
   * Writes {@code entries}, in their order, then the trailer. The output stream is not closed: an
   * initrd may continue with another archive.
   */
  public static void write(List<? extends Entry> entries, OutputStream out) throws IOException {
    LinkGroups links = LinkGroups.of(entries);
    checkLimits(entries, links);
    new Emitter(out, links).writeAll(entries);
  }

  /**
   * Checks that {@code entries} fit the format without writing anything, for callers that write
   * something else first; {@link #write} checks too.
   */
  public static void check(List<? extends Entry> entries) throws CpioLimitException {
    checkLimits(entries, LinkGroups.of(entries));
  }

  private static void checkLimits(List<? extends Entry> entries, LinkGroups links) throws CpioLimitException {
    for (Entry entry : entries) {
      if (entry instanceof Entry.RegularFile file && file.size() > MAX_FIELD) {
        throw new CpioLimitException(String.format(Locale.ROOT, 
            "%s is %,d bytes, but a cpio (newc) initrd holds files of at most 4 GiB - 1 byte (4,294,967,295 bytes);"
                + " leave it out of the initrd (prune it) or ship it in a disk or ISO image instead",
            entry.path(), file.size()));
      }
      Metadata m = entry.metadata();
      if (entry instanceof Entry.Device device && (device.major() < 0 || device.minor() < 0)) {
        throw new CpioLimitException(entry.path() + " has a negative device number, which cpio (newc) cannot store");
      }
    }
    links.checkTargets();
  }

  /**
   * Which entries are names of one file: the file's index, its number of names, which name is last,
   * and the hard links whose target is not a regular file before them. Only files that hard links
   * name are recorded, so memory grows with the links, not with the files (a tree has few links).
   */
  private record LinkGroups(Map<String, Integer> fileIndexByPath, Map<Integer, Integer> nameCount,
      Map<Integer, Integer> lastNameIndex, List<Entry.HardLink> dangling, List<? extends Entry> entries) {

    static LinkGroups of(List<? extends Entry> entries) {
      Set<String> linked = new HashSet<>();
      for (Entry entry : entries) {
        if (entry instanceof Entry.HardLink link) {
          linked.add(link.target());
        }
      }
      Map<String, Integer> fileIndexByPath = new HashMap<>();
      Map<Integer, Integer> nameCount = new HashMap<>();
      Map<Integer, Integer> lastNameIndex = new HashMap<>();
      List<Entry.HardLink> dangling = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        if (entry instanceof Entry.RegularFile && linked.contains(entry.path())) {
          fileIndexByPath.put(entry.path(), i);
          nameCount.put(i, 1);
          lastNameIndex.put(i, i);
        } else if (entry instanceof Entry.HardLink link) {
          Integer file = fileIndexByPath.get(link.target());
          if (file == null) {
            dangling.add(link);
          } else {
            nameCount.merge(file, 1, Integer::sum);
            lastNameIndex.put(file, i);
            fileIndexByPath.put(link.path(), file);
          }
        }
      }
      return new LinkGroups(fileIndexByPath, nameCount, lastNameIndex, dangling, entries);
    }

    void checkTargets() throws CpioLimitException {
      if (!dangling.isEmpty()) {
        Entry.HardLink link = dangling.get(0);
        throw new CpioLimitException(link.path() + " is a hard link to " + link.target()
            + ", which is not a regular file earlier in the tree");
      }
    }

    int fileOf(Entry entry, int index) {
      return entry instanceof Entry.HardLink link ? fileIndexByPath.get(link.target()) : index;
    }

    /** How many names the file at {@code fileIndex} has: one unless hard links name it. */
    int names(int fileIndex) {
      return nameCount.getOrDefault(fileIndex, 1);
    }

    /** Whether the name at {@code index} is the last of its file's, the one its data goes with. */
    boolean isLastName(int fileIndex, int index) {
      return lastNameIndex.getOrDefault(fileIndex, fileIndex) == index;
    }
  }

  /** Writes headers and bodies; holds the running offset for padding. */
  private static final class Emitter {
    private final OutputStream out;
    private final LinkGroups links;
    private long offset;

    Emitter(OutputStream out, LinkGroups links) {
      this.out = out;
      this.links = links;
    }

    void writeAll(List<? extends Entry> entries) throws IOException {
      for (int i = 0; i < entries.size(); i++) {
        writeEntry(entries.get(i), i);
      }
      header(TRAILER, 0, 0, new Metadata(0, 0, 0, 0), 1, 0, 0, 0);
      pad();
    }

    private void writeEntry(Entry entry, int index) throws IOException {
      long ino = index + 1L;
      if (entry instanceof Entry.Directory d) {
        header(d.path(), ino, S_IFDIR, d.metadata(), 2, 0, 0, 0);
      } else if (entry instanceof Entry.Fifo f) {
        header(f.path(), ino, S_IFIFO, f.metadata(), 1, 0, 0, 0);
      } else if (entry instanceof Entry.Device d) {
        int type = d.kind() == Entry.DeviceKind.BLOCK ? S_IFBLK : S_IFCHR;
        header(d.path(), ino, type, d.metadata(), 1, 0, d.major(), d.minor());
      } else if (entry instanceof Entry.Symlink s) {
        byte[] target = s.target().getBytes(StandardCharsets.UTF_8);
        header(s.path(), ino, S_IFLNK, s.metadata(), 1, target.length, 0, 0);
        body(target);
      } else {
        fileName(entry.path(), index);
      }
    }

    /** One name of a regular file; the data goes with its last name. */
    private void fileName(String name, int index) throws IOException {
      Entry entry = links.entries().get(index);
      int fileIndex = links.fileOf(entry, index);
      Entry.RegularFile file = (Entry.RegularFile) links.entries().get(fileIndex);
      boolean carriesData = links.isLastName(fileIndex, index);
      long size = carriesData ? file.size() : 0;
      header(name, fileIndex + 1L, S_IFREG, file.metadata(), links.names(fileIndex), size, 0, 0);
      if (carriesData) {
        stream(file);
      }
    }

    private void stream(Entry.RegularFile file) throws IOException {
      offset += SizedContent.copy(file.path(), file.size(), file.content(), out);
      pad();
    }

    private void header(String name, long ino, int type, Metadata m, int nlink, long size, int rdevMajor,
        int rdevMinor) throws IOException {
      byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder(110).append("070701");
      long uid = Integer.toUnsignedLong(m.uid());
      long gid = Integer.toUnsignedLong(m.gid());
      // newc stores unsigned 32-bit seconds (1970 to 2106): a layer's time outside them is kept as the
      // nearest one it can store, as refusing the whole initrd for a file's date would help no one.
      long mtime = Math.max(0, Math.min(MAX_FIELD, m.mtimeSeconds()));
      for (long field : new long[] {ino, type | m.mode(), uid, gid, nlink, mtime, size,
          0, 0, rdevMajor, rdevMinor, nameBytes.length + 1L, 0}) {
        String hex = Long.toHexString(field);
        h.append("0".repeat(8 - hex.length())).append(hex);
      }
      body(h.toString().getBytes(StandardCharsets.US_ASCII), nameBytes, new byte[] {0});
    }

    private void body(byte[]... parts) throws IOException {
      for (byte[] part : parts) {
        out.write(part);
        offset += part.length;
      }
      pad();
    }

    private void pad() throws IOException {
      int padding = (int) (-offset & 3);
      out.write(ZEROS, 0, padding);
      offset += padding;
    }
  }
}
