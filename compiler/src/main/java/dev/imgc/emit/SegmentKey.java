package dev.imgc.emit;

import dev.imgc.fs.DigestedContent;
import dev.imgc.fs.Entry;
import dev.imgc.fs.Metadata;
import dev.imgc.fs.Xattr;
import dev.imgc.image.oci.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an initrd segment's archive holds, hashed: each entry's kind, path, attributes and its file's
 * digest (never its bytes), so that a segment compressed before from the same entries is known again.
 *
 * <p>An edit hashes every entry of the tree again (thousands of files a build), so the fields are
 * packed into one buffer as numbers and bytes rather than text, and a digest as its 32 bytes rather
 * than its 71 characters: the SHA-256 of them is most of the cost, and the JIT a compile runs under
 * makes it about 100 MB/s. Text fields are preceded by their length and each list by its count, so no
 * two lists of entries pack alike.
 */
final class SegmentKey {
  private static final String SHA256_PREFIX = "sha256:";
  private static final int SHA256_TEXT = SHA256_PREFIX.length() + 64;
  /** Each byte's value as a lower-case hex digit (the only digits a digest's text has), else -1. */
  private static final byte[] HEX_DIGIT = new byte[256];
  /** The packed fields are hashed whenever this many are waiting. */
  private static final int FLUSH_AT = 1 << 16;

  static {
    Arrays.fill(HEX_DIGIT, (byte) -1);
    for (int digit = 0; digit < 16; digit++) {
      HEX_DIGIT[Character.forDigit(digit, 16)] = (byte) digit;
    }
  }

  private final MessageDigest sha256 = Digest.newHasher();
  private byte[] buffer = new byte[FLUSH_AT + 1024];
  private int size;

  /**
   * The SHA-256 of {@code segment}'s entries as hex, or empty when a file in it is not known by its
   * digest. One segment at a time: the buffer and the hasher are reused.
   */
  Optional<String> of(List<? extends Entry> segment) {
    sha256.reset();
    size = 0;
    count(segment.size());
    for (Entry entry : segment) {
      if (!entry(entry)) {
        return Optional.empty();
      }
    }
    flush();
    return Optional.of(Digest.fromHash(sha256.digest()).hex());
  }

  /** Packs one entry; false for a file whose digest is not known. */
  private boolean entry(Entry entry) {
    Metadata m = entry.metadata();
    if (entry instanceof Entry.RegularFile file) {
      if (!(file.content() instanceof DigestedContent digested)) {
        return false;
      }
      kind('f');
      common(entry.path(), m);
      number(file.size());
      digest(digested.digest());
    } else if (entry instanceof Entry.Directory) {
      kind('d');
      common(entry.path(), m);
    } else if (entry instanceof Entry.Symlink symlink) {
      kind('s');
      common(entry.path(), m);
      text(symlink.target());
    } else if (entry instanceof Entry.HardLink link) {
      kind('h');
      common(entry.path(), m);
      text(link.target());
    } else if (entry instanceof Entry.Device device) {
      kind(device.kind() == Entry.DeviceKind.BLOCK ? 'b' : 'c');
      common(entry.path(), m);
      count(device.major());
      count(device.minor());
    } else if (entry instanceof Entry.Fifo) {
      kind('p');
      common(entry.path(), m);
    } else {
      throw new IllegalArgumentException("an entry of an unknown kind: " + entry);
    }
    if (size >= FLUSH_AT) {
      flush();
    }
    return true;
  }

  private void common(String path, Metadata m) {
    text(path);
    count(m.mode());
    count(m.uid());
    count(m.gid());
    number(m.mtimeSeconds());
    count(m.xattrs().size());
    for (Xattr xattr : m.xattrs()) {
      text(xattr.name());
      bytes(xattr.value());
    }
  }

  /** A digest as its 32 bytes when it is {@code sha256:HEX}, else as text (marked apart, so the two never meet). */
  private void digest(String digest) {
    byte[] text = digest.getBytes(StandardCharsets.ISO_8859_1); // a copy of a Latin-1 string's bytes
    if (text.length == SHA256_TEXT && digest.startsWith(SHA256_PREFIX)) {
      room(33);
      int start = size;
      buffer[size++] = 1;
      int bad = 0;
      for (int i = SHA256_PREFIX.length(); i < SHA256_TEXT; i += 2) {
        int high = HEX_DIGIT[text[i] & 0xff];
        int low = HEX_DIGIT[text[i + 1] & 0xff];
        bad |= high | low;
        buffer[size++] = (byte) (high << 4 | low);
      }
      if (bad >= 0) {
        return;
      }
      size = start;
    }
    kind(0);
    text(digest);
  }

  private void kind(int tag) {
    room(1);
    buffer[size++] = (byte) tag;
  }

  private void text(String text) {
    bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  private void bytes(byte[] bytes) {
    count(bytes.length);
    room(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void count(int value) {
    room(Integer.BYTES);
    buffer[size++] = (byte) (value >>> 24);
    buffer[size++] = (byte) (value >>> 16);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
  }

  private void number(long value) {
    count((int) (value >>> 32));
    count((int) value);
  }

  private void room(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, size + more));
    }
  }

  private void flush() {
    sha256.update(buffer, 0, size);
    size = 0;
  }
}
