package dev.imgc.fs.iso;

import dev.imgc.fs.block.ByteFields;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * System Use entries of SUSP and Rock Ridge (RRIP 1.12), which carry what ISO 9660 cannot: POSIX
 * modes, owners, inode numbers, long names, symlinks, device numbers and times.
 */
final class RockRidge {
  static final int CE_LENGTH = 28;
  /** Longest payload of one entry (its length field is a byte, the header takes 5). */
  private static final int MAX_PAYLOAD = 250;

  private RockRidge() {}

  /** SP: marks the root's "." record, telling readers SUSP is in use. */
  static byte[] sp() {
    return header("SP", 7).u8(4, 0xBE).u8(5, 0xEF).u8(6, 0).array();
  }

  /** ER: names the extension (IEEE 1282, RRIP 1.12); recorded once, in the root's continuation area. */
  static byte[] er() {
    byte[] id = "IEEE_1282".getBytes(StandardCharsets.US_ASCII);
    byte[] descriptor = "ROCK RIDGE INTERCHANGE PROTOCOL: POSIX FILE SYSTEM SEMANTICS".getBytes(StandardCharsets.US_ASCII);
    byte[] source = "IEEE P1282, ROCK RIDGE INTERCHANGE PROTOCOL".getBytes(StandardCharsets.US_ASCII);
    int length = 8 + id.length + descriptor.length + source.length;
    return header("ER", length).u8(4, id.length).u8(5, descriptor.length).u8(6, source.length).u8(7, 1)
        .bytes(8, id).bytes(8 + id.length, descriptor).bytes(8 + id.length + descriptor.length, source).array();
  }

  /** PX: mode (type and permission bits), link count, owner, group and inode number. */
  static byte[] px(int mode, long links, int uid, int gid, long inode) {
    return header("PX", 44).both32(4, mode).both32(12, links).both32(20, uid & 0xffffffffL)
        .both32(28, gid & 0xffffffffL).both32(36, inode).array();
  }

  /** TF: modification, access and attribute-change times, all the entry's time. */
  static byte[] tf(long seconds) {
    ByteFields tf = header("TF", 5 + 3 * 7).u8(4, 0x02 | 0x04 | 0x08);
    byte[] stamp = IsoTime.recordDate(seconds);
    for (int i = 0; i < 3; i++) {
      tf.bytes(5 + 7 * i, stamp);
    }
    return tf.array();
  }

  /**
   * PN: the device number as a 64-bit dev_t in glibc's encoding, high and low words. Linux decodes a
   * zero high word holding major and minor in the old 8:8 form, and xorriso decodes the dev_t.
   */
  static byte[] pn(int major, int minor) {
    long dev = (major & 0xfffL) << 8 | (major & 0xfffff000L) << 32 | (minor & 0xffL) | (minor & 0xffffff00L) << 12;
    return header("PN", 20).both32(4, dev >>> 32).both32(12, dev & 0xffffffffL).array();
  }

  /** CE: where this record's System Use continues. */
  static byte[] ce(long lba, int offset, int length) {
    return header("CE", CE_LENGTH).both32(4, lba).both32(12, offset).both32(20, length).array();
  }

  /** NM entries holding {@code name}, split with the CONTINUE flag when longer than one entry holds. */
  static byte[] nm(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < bytes.length || at == 0; at += MAX_PAYLOAD) {
      int n = Math.min(MAX_PAYLOAD, bytes.length - at);
      boolean more = at + n < bytes.length;
      ByteFields nm = header("NM", 5 + n).u8(4, more ? 1 : 0);
      System.arraycopy(bytes, at, nm.array(), 5, n);
      out.writeBytes(nm.array());
      if (!more) {
        break;
      }
    }
    return out.toByteArray();
  }

  /** SL entries for a symlink {@code target}: its components, split over entries as needed. */
  static byte[] sl(String target) {
    List<byte[]> components = new ArrayList<>();
    if (target.startsWith("/")) {
      components.add(new byte[] {0x08, 0});
    }
    for (String part : target.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.equals(".")) {
        components.add(new byte[] {0x02, 0});
      } else if (part.equals("..")) {
        components.add(new byte[] {0x04, 0});
      } else {
        byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
        int maxPiece = MAX_PAYLOAD - 1 - 2;
        for (int at = 0; at < bytes.length; at += maxPiece) {
          int n = Math.min(maxPiece, bytes.length - at);
          byte[] component = new byte[2 + n];
          component[0] = (byte) (at + n < bytes.length ? 0x01 : 0);
          component[1] = (byte) n;
          System.arraycopy(bytes, at, component, 2, n);
          components.add(component);
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    do {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (i < components.size() && body.size() + components.get(i).length <= MAX_PAYLOAD - 1) {
        body.writeBytes(components.get(i++));
      }
      boolean more = i < components.size();
      ByteFields sl = header("SL", 5 + body.size()).u8(4, more ? 1 : 0);
      System.arraycopy(body.toByteArray(), 0, sl.array(), 5, body.size());
      out.writeBytes(sl.array());
    } while (i < components.size());
    return out.toByteArray();
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static ByteFields header(String signature, int length) {
    return new ByteFields(length).ascii(0, 2, signature, ' ').u8(2, length).u8(3, 1);
  }
}
