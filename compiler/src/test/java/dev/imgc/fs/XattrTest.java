package dev.imgc.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class XattrTest {
  @Test
  void theNamespaceIsTheLongestPrefixLinuxKnows() {
    assertEquals(Xattr.Namespace.USER, Xattr.text("user.comment", "x").namespace());
    assertEquals(Xattr.Namespace.SECURITY, new Xattr("security.capability", new byte[20]).namespace());
    assertEquals(Xattr.Namespace.POSIX_ACL_ACCESS, new Xattr("system.posix_acl_access", new byte[4]).namespace());
    assertEquals(Xattr.Namespace.SYSTEM, new Xattr("system.posix_acl_accessx", new byte[4]).namespace());
    assertArrayEquals("comment".getBytes(StandardCharsets.UTF_8), Xattr.text("user.comment", "x").suffix());
    assertEquals(0, new Xattr("system.posix_acl_default", new byte[4]).suffix().length);
  }

  @Test
  void namesLinuxWouldRefuseAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Xattr.text("comment", "x"));
    assertThrows(IllegalArgumentException.class, () -> Xattr.text("user.", "x"));
    assertThrows(IllegalArgumentException.class, () -> Xattr.text("user." + "n".repeat(251), "x"));
    assertThrows(IllegalArgumentException.class, () -> new Xattr("user.big", new byte[65537]));
    assertTrue(Xattr.problem("user." + "n".repeat(250), 65536).isEmpty());
  }

  @Test
  void theValueIsCopiedInAndOut() {
    byte[] bytes = {1, 2, 3};
    Xattr xattr = new Xattr("user.a", bytes);
    bytes[0] = 9;
    xattr.value()[1] = 9;
    assertArrayEquals(new byte[] {1, 2, 3}, xattr.value());
    assertEquals(new Xattr("user.a", new byte[] {1, 2, 3}), xattr);
    assertNotEquals(new Xattr("user.a", new byte[] {1, 2}), xattr);
  }

  @Test
  void metadataSortsItsAttributesAndRefusesANameTwice() {
    Metadata metadata = new Metadata(0644, 0, 0, 0, List.of(Xattr.text("user.b", "2"), Xattr.text("trusted.a", "1")));
    assertEquals(List.of("trusted.a", "user.b"), metadata.xattrs().stream().map(Xattr::name).toList());
    assertThrows(IllegalArgumentException.class,
        () -> new Metadata(0644, 0, 0, 0, List.of(Xattr.text("user.b", "2"), Xattr.text("user.b", "3"))));
    assertEquals(List.of(), new Metadata(0644, 0, 0, 0).xattrs());
  }
}
