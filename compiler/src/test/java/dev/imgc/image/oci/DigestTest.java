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
}
