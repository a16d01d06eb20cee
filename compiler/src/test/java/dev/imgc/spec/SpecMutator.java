package dev.imgc.spec;

import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes hostile specs from good ones, deterministically from a {@link Random}: edits of the text
 * (characters, lines, indentation, truncation, YAML fragments), replaced values (paths that climb or
 * are absolute, huge and negative numbers, odd image references, unknown module names, modes and
 * ids), and added {@code files:} entries of every kind, so that inputs reach every stage from the
 * YAML reader to lowering.
 */
final class SpecMutator {
  private static final String YAML_BITS = ":-[]{}&*!|>'\"%@`#,?\t\n $\\~.0123456789aZ_/=+";
  private static final String[] FRAGMENTS = {
    "kernel:", "init:", "onboot:", "services:", "files:", "volumes:", "- name: x", "  image: a/b:1",
    "capabilities: [all]", "binds: [\"/a:/b\"]", "${X}", "${X:-y}", "${", "$$", "&a", "*a", "<<: *a", "!!str",
    "---", "...", "? complex", "- - -", "{a: [b, {c: d}]}", "\"\\u00e9\"", "|\n  text", ">-\n  folded", "%YAML 1.2",
    "path: ../../x", "mode: \"0644\"", "rlimits: [\"nofile,1,2\"]", "sysctl: {a.b: \"1\"}", "image: oci://x", "trust: {}",
  };
  /**
   * Values a scalar is replaced with: each one hostile to some stage after the schema. A relative
   * {@code source:} or {@code dir://} path is read from the working directory, the checkout when Maven
   * runs the tests, so the relative directories here are small ones of it ({@code schema}): {@code .}
   * copied the whole checkout, target/ and its gigabytes included, past the input's time limit.
   */
  private static final String[] VALUES = {
    "..", "../..", "../../etc/passwd", "a/../../b", "/", "/etc/passwd", "//x", "./schema/", "schema/.", "a//b/./c/..", "\"\"",
    "\"a\\u0000b\"", "\"\\t\"", "x/", "/proc/self/environ", "/dev/null", "~", "~/", "~/absent", "~root/x",
    "99999999999999999999", "-1", "0", "4294967296", "9223372036854775807", "-9223372036854775808", "1e308", "0x10",
    "\"0644\"", "\"7777\"", "\"0999\"", "\"-1\"", "\"\"", "0644", "\"01000000\"", "root", "nobody", "\"0\"", "\"65536\"",
    "test/web:1", "test/kernel:1", "test/init:1", "test/sysctl:1", "test/linuxkit-kernel:6.6", "test/absent:1",
    "test/web@sha256:0000000000000000000000000000000000000000000000000000000000000000", "test/web@sha256:00",
    "UPPER/case:1", "a:b:c", "oci://", "oci://absent:1", "tar://", "tar://absent.tar", "dir://schema", "dir://absent",
    "dir://present", "docker-archive://absent.tar", "oci-archive://absent.tar", "deb://", "deb://x y", ":", "@", "a@",
    "no_such_module", "virtio_net", "overlay", "e1000", "\"\"", "[]", "{}", "[virtio_net, no_such_module]",
    "\"${X}\"", "\"${X:?missing}\"", "null", "~", "true", "yes", "\"a\\nb\"", "x".repeat(300),
  };
  /** A {@code files:} entry of each kind, with its owner and mode sometimes odd. */
  private static final String[] FILE_ENTRIES = {
    "- {path: etc/a, contents: \"x\"}", "- {path: etc/a, contents: \"x\", mode: \"0600\", uid: 1, gid: 2}",
    "- {path: etc, directory: true}", "- {path: etc/a/b/c, directory: true, mode: \"1777\"}",
    "- {path: bin/sh, symlink: busybox}", "- {path: a, symlink: ../../../..}", "- {path: a, symlink: /}",
    "- {path: etc/linuxkit.yml, metadata: yaml}", "- {path: etc/a, source: absent, optional: true}",
    "- {path: etc/a, source: absent}", "- {path: etc/a, source: ~/absent}", "- {path: etc/a, source: \"~/\"}",
    "- {path: etc/a, source: ., optional: true}", "- {path: etc/a, source: /dev/null}",
    "- {path: etc/a, source: /proc/self/status}", "- {path: ../x, contents: y}", "- {path: /etc/../../x, contents: y}",
    "- {path: \"\", contents: y}", "- {path: ., directory: true}", "- {path: /, directory: true}",
    "- {path: sbin/init, contents: y, uid: web1}", "- {path: etc/a, contents: y, uid: absent, gid: absent}",
    "- {path: etc/a, contents: y, uid: -1, gid: 4294967296}", "- {path: srv/index.html, directory: true}",
    "- {path: bin/busybox/x, contents: y}", "- {path: etc/passwd, symlink: passwd}", "- {path: x/y, symlink: ../x/y}",
    "- {path: etc/a, contents: y}\n  - {path: etc/a, directory: true}", "- {path: etc/a, source: ., mode: \"0\"}",
  };
  /** Values that, as a {@code source:}, name a large tree of the host: the spec dir is two levels under /tmp. */
  private static final Set<String> HOST_TREES = Set.of("/", "../..");
  private static final Pattern SCALAR = Pattern.compile("(?m)(:[ ]+|^[ ]*- )([^\\s\\[{#|>&*!][^\\n#]*)$");

  private SpecMutator() {}

  /** One, two or three kinds of mutation, chosen by {@code random}. */
  static String mutate(String text, Random random) {
    String s = text;
    int rounds = 1 + random.nextInt(3);
    for (int i = 0; i < rounds; i++) {
      s = switch (random.nextInt(4)) {
        case 0 -> editText(s, random);
        case 1 -> addFile(s, random);
        default -> replaceValue(s, random);
      };
    }
    return s;
  }

  /** A few random edits of the text: characters, lines, indentation, truncation. */
  static String editText(String text, Random random) {
    StringBuilder s = new StringBuilder(text);
    int edits = 1 + random.nextInt(6);
    for (int i = 0; i < edits; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
      switch (random.nextInt(7)) {
        case 0 -> s.insert(at, YAML_BITS.charAt(random.nextInt(YAML_BITS.length())));
        case 1 -> {
          if (at < s.length()) {
            s.deleteCharAt(at);
          }
        }
        case 2 -> s.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 3 -> s.setLength(at);
        case 4 -> s.insert(at, "\n" + " ".repeat(random.nextInt(8)));
        case 5 -> {
          int end = Math.min(s.length(), at + random.nextInt(40));
          s.insert(at, s.substring(at, end));
        }
        default -> s.insert(at, (char) random.nextInt(0x3000));
      }
    }
    return s.toString();
  }

  /** Replaces one scalar value (after a key or as a list item) with a hostile one. */
  static String replaceValue(String text, Random random) {
    Matcher m = SCALAR.matcher(text);
    int count = 0;
    while (m.find()) {
      count++;
    }
    if (count == 0) {
      return text;
    }
    int pick = random.nextInt(count);
    m.reset();
    for (int i = 0; i <= pick; i++) {
      m.find();
    }
    String value = VALUES[random.nextInt(VALUES.length)];
    if (HOST_TREES.contains(value) && text.substring(text.lastIndexOf('\n', m.start(2)) + 1, m.start(2)).contains("source:")) {
      return text; // a copy of the host's root or of /tmp is work the spec asks for, not a hang
    }
    return text.substring(0, m.start(2)) + value + text.substring(m.end(2));
  }

  /** Adds a {@code files:} entry, to the spec's list if it has one, else in a new list at the end. */
  static String addFile(String text, Random random) {
    String entry = FILE_ENTRIES[random.nextInt(FILE_ENTRIES.length)];
    int list = text.indexOf("\nfiles:\n");
    if (list < 0) {
      return text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + "files:\n  " + entry + "\n";
    }
    int at = list + "\nfiles:\n".length();
    return text.substring(0, at) + "  " + entry + "\n" + text.substring(at);
  }

  /** A random document built from YAML pieces and spec keys. */
  static String generate(Random random) {
    StringBuilder s = new StringBuilder();
    int lines = random.nextInt(30);
    for (int i = 0; i < lines; i++) {
      s.append(" ".repeat(2 * random.nextInt(4)));
      s.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      if (random.nextBoolean()) {
        s.append(' ').append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
      s.append('\n');
    }
    return s.toString();
  }
}
