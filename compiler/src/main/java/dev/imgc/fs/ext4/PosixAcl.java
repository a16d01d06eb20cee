package dev.imgc.fs.ext4;

import dev.imgc.fs.block.ByteFields;
import dev.imgc.fs.block.LayoutException;
import java.io.ByteArrayOutputStream;

/**
 * POSIX ACLs as ext4 stores them. Linux hands ACLs to and from user space (and tar archives record
 * them) as version 2 of its xattr form: a 4-byte header and 8 bytes per entry (tag, permissions, id).
 * ext4 keeps version 1 of its own form, where entries without an id (the owner, owning group, mask
 * and others) take 4 bytes and named users and groups 8.
 */
final class PosixAcl {
  private static final int XATTR_VERSION = 2;
  private static final int EXT4_VERSION = 1;
  private static final int USER = 0x02;
  private static final int GROUP = 0x08;
  private static final int KNOWN_TAGS = 0x01 | USER | 0x04 | GROUP | 0x10 | 0x20;

  private PosixAcl() {}

  /** Converts Linux's xattr form of an ACL to ext4's; {@code what} names the attribute in the refusal. */
  static byte[] toExt4(byte[] acl, String what) {
    if (acl.length < 4 || (acl.length - 4) % 8 != 0 || readLe32(acl, 0) != XATTR_VERSION) {
      throw new LayoutException(what + " is not a POSIX ACL in Linux's xattr form (version 2, 8 bytes per entry);"
          + " give the value getfacl's tools write");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new ByteFields(4).le32(0, EXT4_VERSION).array());
    for (int at = 4; at < acl.length; at += 8) {
      int tag = (acl[at] & 0xff) | (acl[at + 1] & 0xff) << 8;
      if (Integer.bitCount(tag) != 1 || (tag & KNOWN_TAGS) == 0) {
        throw new LayoutException(what + " holds an ACL entry of unknown tag 0x" + Integer.toHexString(tag)
            + "; give an ACL of user, group, mask and other entries");
      }
      boolean named = tag == USER || tag == GROUP;
      out.write(acl, at, named ? 8 : 4);
    }
    return out.toByteArray();
  }

  private static long readLe32(byte[] bytes, int at) {
    return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (long) (bytes[at + 3] & 0xff) << 24;
  }
}
