package dev.imgc.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  private static final String SHA256 = "sha256:" + "0123456789abcdef".repeat(4);

  @ParameterizedTest
  @CsvSource({
    "alpine, docker.io/library/alpine:latest",
    "alpine:3.20, docker.io/library/alpine:3.20",
    "linuxkit/init:v1.0.0, docker.io/linuxkit/init:v1.0.0",
    "docker.io/alpine, docker.io/library/alpine:latest",
    "index.docker.io/library/busybox:1, docker.io/library/busybox:1",
    "localhost/app, localhost/app:latest",
    "localhost:5000/a/b/c:tag_1, localhost:5000/a/b/c:tag_1",
    "quay.io/coreos/etcd, quay.io/coreos/etcd:latest",
    "registry.example.com:443/team/my-app__x.y:V1.2-rc_3, registry.example.com:443/team/my-app__x.y:V1.2-rc_3",
    "[::1]:5000/x, [::1]:5000/x:latest",
    "my-org/a---b, docker.io/my-org/a---b:latest",
  })
  void normalisesLikeDocker(String text, String normalized) throws InvalidReferenceException {
    ImageReference reference = ImageReference.parse(text);
    assertEquals(normalized, reference.normalized());
    assertEquals(normalized, reference.toString());
  }

  @Test
  void keepsTagAndDigestApart() throws InvalidReferenceException {
    ImageReference reference = ImageReference.parse("host:5000/a/b:1.0@" + SHA256);
    assertEquals("host:5000", reference.domain());
    assertEquals("a/b", reference.path());
    assertEquals(Optional.of("1.0"), reference.tag());
    assertEquals(Optional.of(SHA256), reference.digest());
    assertEquals("host:5000/a/b:1.0@" + SHA256, reference.normalized());
  }

  @Test
  void aDigestAloneGetsNoLatestTag() throws InvalidReferenceException {
    ImageReference reference = ImageReference.parse("alpine@" + SHA256);
    assertEquals(Optional.empty(), reference.tag());
    assertEquals("docker.io/library/alpine@" + SHA256, reference.normalized());
  }

  @Test
  void acceptsSha512AndUnknownAlgorithmsWithEnoughDigits() throws InvalidReferenceException {
    String sha512 = "sha512:" + "ab".repeat(64);
    assertEquals(Optional.of(sha512), ImageReference.parse("a@" + sha512).digest());
    String other = "multihash+base58:" + "0".repeat(32);
    assertEquals(Optional.of(other), ImageReference.parse("a@" + other).digest());
  }

  @ParameterizedTest(name = "{0} fails at offset {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Alpine | 0",
        "library/Alpine | 8",
        "quay.io/Coreos/etcd | 8",
        "a//b | 2",
        "a/ | 2",
        "/a | 0",
        "a: | 2",
        "a:-tag | 2",
        "a:.tag | 2",
        "a b | 1",
        "a_ | 2",
        "a___b | 3",
        "host:port/a | 9",
        "a@sha256:abc | 9",
        "a@sha256:" + "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef | 19",
        "a@md5:0123 | 6",
        "a@sha256 | 8",
        "a@:0123456789abcdef0123456789abcdef | 2",
      })
  void rejects(String text, int offset) {
    InvalidReferenceException e = assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(text));
    assertEquals(offset, e.offset(), e.getMessage());
    assertTrue(e.getMessage().length() > 20 && !e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void rejectsTheEmptyReference() {
    assertEquals(0, assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("")).offset());
  }

  @Test
  void rejectsNamesLongerThan255Characters() throws InvalidReferenceException {
    String longest = "a/" + "b".repeat(253);
    assertEquals("docker.io/" + longest + ":latest", ImageReference.parse(longest).normalized());
    InvalidReferenceException e =
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse(longest + "b"));
    assertEquals(255, e.offset());
  }

  @Test
  void rejectsTagsLongerThan128Characters() throws InvalidReferenceException {
    ImageReference.parse("a:" + "t".repeat(128));
    InvalidReferenceException e =
        assertThrows(InvalidReferenceException.class, () -> ImageReference.parse("a:" + "t".repeat(129)));
    assertEquals(2 + 128, e.offset());
  }
}
