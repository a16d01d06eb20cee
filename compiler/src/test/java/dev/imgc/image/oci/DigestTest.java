package dev.imgc.image.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestTest {
  /** sha256 of "abc", as sha256sum prints it (FIPS 180-2's first example). */
  private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void aDigestIsTheSha256OfTheBytesInLowerCaseHex() {
    assertEquals(ABC, Digest.of("abc".getBytes(StandardCharsets.UTF_8)).hex());
    assertEquals("sha256:" + ABC, Digest.parse("sha256:" + ABC).toString());
  }

  @Test
  void onlySixtyFourLowerCaseHexDigitsAreADigest() {
    for (String bad : new String[] {ABC.toUpperCase(), ABC.substring(1), ABC + "0", ABC.substring(1) + "g", "",
        ABC.substring(1) + "/"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Digest(bad));
      assertEquals("not a sha256 digest: " + bad, e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha512:" + ABC));
  }

  @Test
  void digestsOrderAsTheirHexTextAndAreEqualByValue() {
    java.util.Random random = new java.util.Random(21);
    java.util.List<Digest> digests = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      digests.add(Digest.fromHash(hash));
    }
    digests.add(new Digest("0".repeat(64)));
    digests.add(new Digest("f".repeat(64)));
    digests.add(new Digest("8" + "0".repeat(63)));
    for (Digest x : digests) {
      Digest same = new Digest(x.hex());
      assertEquals(x, same);
      assertEquals(x.hashCode(), same.hashCode());
      assertEquals(x.hex().substring(0, 12), x.shortHex());
      for (Digest y : digests) {
        assertEquals(Integer.signum(x.hex().compareTo(y.hex())), Integer.signum(x.compareTo(y)), x + " vs " + y);
      }
    }
  }
}
