package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the Rock Ridge entries (RRIP, in the SUSP area of a directory record) say about one file:
 * its name, POSIX mode, owner, device numbers and symlink target. Entries continued elsewhere
 * ({@code CE}) are followed.
 */
final class SystemUse {
  private static final int MAX_CONTINUATIONS = 64;
  private static final int TF_CREATION = 0x01;
  private static final int TF_MODIFY = 0x02;
  private static final int TF_LONG_FORM = 0x80;
  /** The fields this reader uses end at these lengths (both-endian fields are read little-endian). */
  private static final Map<String, Integer> MINIMUM_LENGTHS = Map.of("CE", 28, "PX", 36, "PN", 20, "NM", 5, "SL", 5, "CL", 12);

  String name;
  boolean hasAttributes;
  int mode;
  long uid;
  long gid;
  /** RRIP 1.12's file serial number, or -1 when the PX entry has none (RRIP 1.10). */
  long serial = -1;
  long deviceHigh;
  long deviceLow;
  StringBuilder symlink;
  boolean relocated;
  long childLocation = -1;
  /** The modification time of a {@code TF} entry, in seconds since 1970; null without one. */
  Long modified;
  private boolean symlinkComponentOpen;

  /** Parses the entries in {@code area}, then those of each continuation area in {@code image}. */
  static SystemUse parse(Region image, int blockSize, ByteBuffer area) throws IOException {
    SystemUse use = new SystemUse();
    ByteBuffer next = area;
    for (int hops = 0; next != null && hops < MAX_CONTINUATIONS; hops++) {
      next = use.parseArea(image, blockSize, next);
    }
    return use;
  }

  /** Reads one area; returns the continuation area it names, or null. */
  private ByteBuffer parseArea(Region image, int blockSize, ByteBuffer area) throws IOException {
    ByteBuffer continuation = null;
    while (area.remaining() >= 4) {
      int start = area.position();
      String signature = new String(new byte[] {area.get(start), area.get(start + 1)}, StandardCharsets.US_ASCII);
      int length = area.get(start + 2) & 0xff;
      if (length < 4 || length > area.remaining()) {
        break;
      }
      ByteBuffer entry = area.slice(start, length).order(area.order());
      if (length < MINIMUM_LENGTHS.getOrDefault(signature, 4)) {
        throw new IOException("a Rock Ridge " + signature + " entry is " + length + " bytes, too short");
      }
      switch (signature) {
        case "CE" -> {
          long where = Integer.toUnsignedLong(entry.getInt(4)) * blockSize + Integer.toUnsignedLong(entry.getInt(12));
          long size = Integer.toUnsignedLong(entry.getInt(20));
          if (size > blockSize) {
            throw new IOException("a Rock Ridge continuation area is " + size + " bytes, more than a block");
          }
          continuation = image.read(where, (int) size);
        }
        case "PX" -> {
          hasAttributes = true;
          mode = entry.getInt(4);
          uid = Integer.toUnsignedLong(entry.getInt(20));
          gid = Integer.toUnsignedLong(entry.getInt(28));
          serial = length >= 44 ? Integer.toUnsignedLong(entry.getInt(36)) : -1;
        }
        case "PN" -> {
          deviceHigh = Integer.toUnsignedLong(entry.getInt(4));
          deviceLow = Integer.toUnsignedLong(entry.getInt(12));
        }
        case "NM" -> nameComponent(entry);
        case "SL" -> symlinkComponents(entry);
        case "RE" -> relocated = true;
        case "TF" -> modified = modifiedTime(entry);
        case "CL" -> childLocation = Integer.toUnsignedLong(entry.getInt(4));
        case "ST" -> {
          return continuation;
        }
        default -> {
          // other entries (times, SP, ER, ...) say nothing a listing shows
        }
      }
      area.position(start + length);
    }
    return continuation;
  }

  /** TF's times come in a fixed order (creation, modification, ...), each present when its flag is set. */
  private static Long modifiedTime(ByteBuffer entry) {
    int flags = entry.get(4) & 0xff;
    if ((flags & TF_MODIFY) == 0) {
      return null;
    }
    boolean longForm = (flags & TF_LONG_FORM) != 0;
    int width = longForm ? 17 : 7;
    int at = 5 + ((flags & TF_CREATION) != 0 ? width : 0);
    if (at + width > entry.limit()) {
      return null;
    }
    return longForm ? IsoTime.longForm(entry, at) : IsoTime.shortForm(entry, at);
  }

  private void nameComponent(ByteBuffer entry) {
    int flags = entry.get(4) & 0xff;
    if ((flags & 0x06) != 0) {
      return; // "." or "..": the directory's own records
    }
    String part = text(entry, 5, entry.limit() - 5);
    name = name == null ? part : name + part;
  }

  /** Components are joined with '/'; a component continued in the next record is not. */
  private void symlinkComponents(ByteBuffer entry) {
    if (symlink == null) {
      symlink = new StringBuilder();
    }
    int at = 5;
    while (at + 2 <= entry.limit()) {
      int flags = entry.get(at) & 0xff;
      int length = entry.get(at + 1) & 0xff;
      String component;
      if ((flags & 0x08) != 0) {
        component = "";
      } else if ((flags & 0x04) != 0) {
        component = "..";
      } else if ((flags & 0x02) != 0) {
        component = ".";
      } else {
        component = text(entry, at + 2, Math.min(length, entry.limit() - at - 2));
      }
      if (!symlinkComponentOpen && symlink.length() > 0 && symlink.charAt(symlink.length() - 1) != '/') {
        symlink.append('/');
      }
      symlink.append((flags & 0x08) != 0 ? "/" : component);
      symlinkComponentOpen = (flags & 0x01) != 0;
      at += 2 + length;
    }
  }

  private static String text(ByteBuffer buffer, int offset, int length) {
    byte[] bytes = new byte[Math.max(0, length)];
    buffer.get(offset, bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
