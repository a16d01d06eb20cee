package dev.imgc.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {
  @ParameterizedTest
  @CsvSource({
    "usr/share/doc, usr/share/doc, true",
    "usr/share/doc, usr/share/doc/x/README, true",
    "usr/share/doc, usr/share/docs, false",
    "/usr/*/doc, usr/share/doc/a, true",
    "usr/*/doc, usr/a/b/doc, false",
    "usr/**/doc, usr/a/b/doc, true",
    "usr/**/doc, usr/doc, true",
    "**/*.pyc, lib/python3/x.pyc, true",
    "**/*.pyc, x.pyc, true",
    "var/cache/**, var/cache, false",
    "var/cache/**, var/cache/apt/a.bin, true",
    "etc/?, etc/a, true",
    "etc/?, etc/ab, false",
    "a.b, axb, false",
  })
  void matchesAsThePruneReferenceSays(String glob, String path, boolean matches) {
    assertEquals(matches, new Glob(glob).matches(path), glob + " ~ " + path);
  }
}
