package dev.imgc.fs.erofs;

import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.LayoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An inode's extended attributes as erofs keeps them right after the inode: a 12-byte header (no name
 * filter; how many of its attributes are in the {@link SharedXattrs shared area}), the ids of those, 4
 * bytes each, and one entry per attribute kept inline (the name's length, its namespace's index, the
 * value's length, the name without its namespace's prefix, the value), each padded to 4 bytes. The
 * inode counts the body in 4-byte units ({@code i_xattr_icount}: 1 for the header's 12 bytes, plus one
 * per 4 bytes after it).
 */
final class InlineXattrs {
  private static final int HEADER_SIZE = 12;
  private static final int ENTRY_HEADER_SIZE = 4;
  private static final int MAX_VALUE_BYTES = 0xFFFF;
  private static final int MAX_COUNT = 0xFFFF;
  /** The header counts shared attributes in one byte. */
  private static final int MAX_SHARED = 0xFF;

  private InlineXattrs() {}

  /** The body for {@code xattrs}, naming those {@code shared} holds by id; empty when there are none. */
  static byte[] body(List<Xattr> xattrs, SharedXattrs shared, String path) {
    if (xattrs.isEmpty()) {
      return new byte[0];
    }
    List<Integer> ids = new ArrayList<>();
    List<Xattr> inline = new ArrayList<>();
    for (Xattr xattr : xattrs) {
      if (shared.id(xattr) >= 0 && ids.size() < MAX_SHARED) {
        ids.add(shared.id(xattr));
      } else {
        inline.add(xattr);
      }
    }
    int size = HEADER_SIZE + 4 * ids.size();
    for (Xattr xattr : inline) {
      size += entrySize(xattr);
    }
    if (count(size) > MAX_COUNT) {
      throw new LayoutException("the extended attributes of " + path + " take " + size
          + " bytes, more than the 262,148 erofs keeps with an inode; make them smaller");
    }
    ByteBuffer body = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    body.position(4).put((byte) ids.size()).position(HEADER_SIZE);
    ids.forEach(body::putInt);
    for (Xattr xattr : inline) {
      putEntry(body, xattr, path);
    }
    return body.array();
  }

  /** Whether erofs can hold {@code xattr}: those it cannot are refused with their inode, never shared. */
  static boolean storable(Xattr xattr) {
    return xattr.namespace() != Xattr.Namespace.SYSTEM && xattr.valueLength() <= MAX_VALUE_BYTES;
  }

  /** The bytes one entry takes, padded to 4. */
  static int entrySize(Xattr xattr) {
    return align4(ENTRY_HEADER_SIZE + xattr.suffix().length + xattr.valueLength());
  }

  /** Puts the entry of {@code xattr} (of {@code path}, for messages) at the buffer's position, and steps past its padding. */
  static void putEntry(ByteBuffer into, Xattr xattr, String path) {
    byte[] name = xattr.suffix();
    if (xattr.valueLength() > MAX_VALUE_BYTES) {
      throw new LayoutException("the extended attribute " + xattr.name() + " of " + path + " holds "
          + xattr.valueLength() + " bytes, more than the 65,535 an erofs attribute holds; shorten it");
    }
    int start = into.position();
    into.put((byte) name.length).put((byte) index(xattr, path)).putShort((short) xattr.valueLength()).put(name)
        .put(xattr.value());
    into.position(start + entrySize(xattr));
  }

  /** {@code i_xattr_icount} for a body of {@code size} bytes; 0 for none. */
  static int count(int size) {
    return size == 0 ? 0 : 1 + (size - HEADER_SIZE) / 4;
  }

  /** The erofs index of an attribute's namespace ({@code EROFS_XATTR_INDEX_*}); erofs has no index for other system.* names. */
  private static int index(Xattr xattr, String path) {
    return switch (xattr.namespace()) {
      case USER -> 1;
      case POSIX_ACL_ACCESS -> 2;
      case POSIX_ACL_DEFAULT -> 3;
      case TRUSTED -> 4;
      case SECURITY -> 6;
      case SYSTEM -> throw new LayoutException("erofs holds xattrs in the user, trusted and security namespaces and "
          + "POSIX ACLs only, not " + xattr.name() + " of " + path + "; remove it, or write another format");
    };
  }

  private static int align4(int size) {
    return (size + 3) & ~3;
  }
}
