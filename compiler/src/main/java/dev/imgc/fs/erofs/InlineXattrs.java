package dev.imgc.fs.erofs;

import dev.imgc.fs.Xattr;
import dev.imgc.fs.block.LayoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * An inode's extended attributes as erofs keeps them right after the inode: a 12-byte header (no
 * name filter, no shared attributes) and one entry per attribute (the name's length, its namespace's
 * index, the value's length, the name without its namespace's prefix, the value), each padded to
 * 4 bytes. The inode counts the body in 4-byte units ({@code i_xattr_icount}: 1 for the header's
 * 12 bytes, plus one per 4 bytes after it).
 */
final class InlineXattrs {
  private static final int HEADER_SIZE = 12;
  private static final int ENTRY_HEADER_SIZE = 4;
  private static final int MAX_VALUE_BYTES = 0xFFFF;
  private static final int MAX_COUNT = 0xFFFF;

  private InlineXattrs() {}

  /** The body for {@code xattrs}; empty when there are none. */
  static byte[] body(List<Xattr> xattrs, String path) {
    if (xattrs.isEmpty()) {
      return new byte[0];
    }
    int size = HEADER_SIZE;
    for (Xattr xattr : xattrs) {
      size += align4(ENTRY_HEADER_SIZE + xattr.suffix().length + xattr.valueLength());
    }
    if (count(size) > MAX_COUNT) {
      throw new LayoutException("the extended attributes of " + path + " take " + size
          + " bytes, more than the 262,148 erofs keeps with an inode; make them smaller");
    }
    ByteBuffer body = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    body.position(HEADER_SIZE);
    for (Xattr xattr : xattrs) {
      byte[] name = xattr.suffix();
      if (xattr.valueLength() > MAX_VALUE_BYTES) {
        throw new LayoutException("the extended attribute " + xattr.name() + " of " + path + " holds "
            + xattr.valueLength() + " bytes, more than the 65,535 an erofs attribute holds; shorten it");
      }
      int start = body.position();
      body.put((byte) name.length).put((byte) index(xattr, path)).putShort((short) xattr.valueLength()).put(name)
          .put(xattr.value());
      body.position(start + align4(ENTRY_HEADER_SIZE + name.length + xattr.valueLength()));
    }
    return body.array();
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
