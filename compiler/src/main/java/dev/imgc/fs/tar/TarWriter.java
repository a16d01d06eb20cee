package dev.imgc.fs.tar;

import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.SizedContent;
import dev.imgc.fs.Xattr;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tree as a POSIX (pax) tar archive, byte for byte the same for the same tree.
 *
 * <p>Each entry gets a ustar header with its mode, numeric owner (user and group names left empty),
 * modification time and, for devices, major and minor numbers; no access or change times are
 * recorded. A pax extended header precedes an entry only when a ustar field cannot hold a value: a
 * name or link target too long for ustar's name and prefix fields, an id above 2,097,151, a size of
 * 8 GiB or more, or a time before 1970 or after 2242; or when the entry has extended attributes, each
 * a {@code SCHILY.xattr.NAME} record holding the value's raw bytes, as GNU tar writes them. Its
 * records are in key order and its own name is derived from the entry's, so it is deterministic too.
 *
 * <p>A hard link is a {@code '1'} entry naming its target, which comes earlier in the archive; file
 * bytes are streamed from each entry's content. {@link #finish()} writes the two zero blocks that end
 * an archive and pads it to tar's usual 10,240-byte record.
 */
public final class TarWriter {
  private static final int BLOCK = 512;
  private static final int RECORD = 20 * BLOCK;
  private static final long MAX_ID = 07777777L;
  private static final long MAX_SIZE = 077777777777L;
  private static final String XATTR = "SCHILY.xattr.";

  private final OutputStream out;
  private long written;

  public TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes {@code entries} in their order and ends the archive; {@code out} is left open. */
  public static void write(List<? extends Entry> entries, OutputStream out) throws IOException {
    TarWriter tar = new TarWriter(out);
    for (Entry entry : entries) {
      tar.add(entry);
    }
    tar.finish();
  }

  public void add(Entry entry) throws IOException {
    char type;
    String link = "";
    long size = 0;
    int major = 0;
    int minor = 0;
    String name = entry.path();
    if (entry instanceof Entry.RegularFile file) {
      type = '0';
      size = file.size();
    } else if (entry instanceof Entry.Directory) {
      type = '5';
      name += "/";
    } else if (entry instanceof Entry.Symlink symlink) {
      type = '2';
      link = symlink.target();
    } else if (entry instanceof Entry.HardLink hardLink) {
      type = '1';
      link = hardLink.target();
    } else if (entry instanceof Entry.Device device) {
      type = device.kind() == Entry.DeviceKind.BLOCK ? '4' : '3';
      major = device.major();
      minor = device.minor();
    } else {
      type = '6';
    }
    Header header = new Header(name, link, entry.metadata(), size, type, major, minor);
    Map<String, byte[]> pax = header.paxRecords();
    if (!pax.isEmpty()) {
      byte[] records = PaxRecords.encode(pax);
      String paxName = "PaxHeaders/" + lastComponent(entry.path());
      Header paxHeader = new Header(paxName, "", new Metadata(0644, 0, 0, clampedTime(entry.metadata())),
          records.length, 'x', 0, 0);
      writeBlock(paxHeader.encode());
      writePadded(records);
    }
    writeBlock(header.encode());
    if (entry instanceof Entry.RegularFile file) {
      written += SizedContent.copy(file.path(), file.size(), file.content(), out);
      pad();
    }
  }

  public void finish() throws IOException {
    out.write(new byte[2 * BLOCK]);
    written += 2 * BLOCK;
    int padding = (int) (-written % RECORD + RECORD) % RECORD;
    out.write(new byte[padding]);
    written += padding;
    out.flush();
  }

  private static String lastComponent(String path) {
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.length() > 80 ? last.substring(0, 80) : last;
  }

  private static long clampedTime(Metadata metadata) {
    return Math.max(0, Math.min(metadata.mtimeSeconds(), MAX_SIZE));
  }

  private void writeBlock(byte[] block) throws IOException {
    out.write(block);
    written += block.length;
  }

  private void writePadded(byte[] bytes) throws IOException {
    out.write(bytes);
    written += bytes.length;
    pad();
  }

  private void pad() throws IOException {
    int padding = (int) (-written & (BLOCK - 1));
    out.write(new byte[padding]);
    written += padding;
  }

  /** One ustar header; values that do not fit its fields go to pax records instead. */
  private record Header(String name, String link, Metadata metadata, long size, char type, int major, int minor) {

    Map<String, byte[]> paxRecords() {
      Map<String, byte[]> pax = new TreeMap<>();
      if (splitName() == null) {
        pax.put("path", utf8(name));
      }
      if (utf8(link).length > 100) {
        pax.put("linkpath", utf8(link));
      }
      if (Integer.toUnsignedLong(metadata.uid()) > MAX_ID) {
        pax.put("uid", utf8(Integer.toUnsignedString(metadata.uid())));
      }
      if (Integer.toUnsignedLong(metadata.gid()) > MAX_ID) {
        pax.put("gid", utf8(Integer.toUnsignedString(metadata.gid())));
      }
      if (size > MAX_SIZE) {
        pax.put("size", utf8(Long.toString(size)));
      }
      if (metadata.mtimeSeconds() != clampedTime(metadata)) {
        pax.put("mtime", utf8(Long.toString(metadata.mtimeSeconds())));
      }
      for (Xattr xattr : metadata.xattrs()) {
        // GNU tar's keyword: a '%' or '=' in the name escaped, so the record's first '=' ends the keyword
        pax.put(XATTR + xattr.name().replace("%", "%25").replace("=", "%3D"), xattr.value());
      }
      return pax;
    }

    /** {prefix, name} as ustar stores a path, or null when no split fits. */
    String[] splitName() {
      byte[] bytes = utf8(name);
      if (bytes.length <= 100) {
        return new String[] {"", name};
      }
      for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
        String prefix = name.substring(0, slash);
        String rest = name.substring(slash + 1);
        if (utf8(prefix).length <= 155 && utf8(rest).length <= 100 && !rest.isEmpty()) {
          return new String[] {prefix, rest};
        }
      }
      return null;
    }

    byte[] encode() {
      byte[] block = new byte[BLOCK];
      String[] split = splitName();
      String[] nameFields = split != null ? split : new String[] {"", truncate(name, 100)};
      text(block, 0, 100, nameFields[1]);
      octal(block, 100, 8, metadata.mode());
      octal(block, 108, 8, Math.min(Integer.toUnsignedLong(metadata.uid()), MAX_ID));
      octal(block, 116, 8, Math.min(Integer.toUnsignedLong(metadata.gid()), MAX_ID));
      octal(block, 124, 12, Math.min(size, MAX_SIZE));
      octal(block, 136, 12, clampedTime(metadata));
      block[156] = (byte) type;
      text(block, 157, 100, truncate(link, 100));
      text(block, 257, 6, "ustar");
      text(block, 263, 2, "00");
      octal(block, 329, 8, major);
      octal(block, 337, 8, minor);
      text(block, 345, 155, nameFields[0]);
      int checksum = 8 * ' ';
      for (int i = 0; i < BLOCK; i++) {
        checksum += (i >= 148 && i < 156) ? 0 : Byte.toUnsignedInt(block[i]);
      }
      octal(block, 148, 7, checksum);
      block[155] = ' ';
      return block;
    }

    private static String truncate(String value, int maxBytes) {
      String result = value;
      while (utf8(result).length > maxBytes) {
        result = result.substring(0, result.length() - 1);
      }
      return result;
    }

    private static void text(byte[] block, int offset, int length, String value) {
      byte[] bytes = utf8(value);
      System.arraycopy(bytes, 0, block, offset, Math.min(bytes.length, length));
    }

    /** {@code length - 1} octal digits, zero-padded, then a NUL. */
    private static void octal(byte[] block, int offset, int length, long value) {
      String digits = Long.toOctalString(value);
      text(block, offset, length - 1, "0".repeat(length - 1 - digits.length()) + digits);
    }
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
