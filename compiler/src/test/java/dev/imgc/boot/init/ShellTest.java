package dev.imgc.boot.init;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quoted words, read back by busybox's own shell, are the words that were quoted. */
class ShellTest {
  @Test
  void busyboxShReadsBackEveryQuotedWord() throws Exception {
    List<String> words = new ArrayList<>(List.of("plain", "", "it's", "'", "''", "a b", "$HOME", "`id`", "\\n", "x\"y",
        "*", "~", "#not-a-comment", "semi;colon", "new\nline", "tab\there", "ünïcode"));
    Random random = new Random(7);
    String alphabet = "ab '\"\\$`!*?[]{}()<>|&;#~=%\n\t";
    for (int i = 0; i < 200; i++) {
      StringBuilder word = new StringBuilder();
      for (int n = random.nextInt(8); n > 0; n--) {
        word.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      words.add(word.toString());
    }
    Process sh = new ProcessBuilder("/bin/busybox", "sh", "-c", "for w in " + Shell.words(words) + "; do printf '%s\\0' \"$w\"; done")
        .start();
    String[] read = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\0", -1);
    sh.waitFor();
    assertEquals(words, List.of(read).subList(0, read.length - 1));
  }
}
