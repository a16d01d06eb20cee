package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClosureMemoTest {
  private static final String SHA_A = "a".repeat(64);
  private static final String SHA_B = "b".repeat(64);
  private static final List<ResolvedPackage> KERNEL = List.of(
      new ResolvedPackage("linux-image-6.1.0-56-amd64", "6.1.192-2", "linux-image-6.1.0-56-amd64_6.1.192-2_amd64.deb", SHA_A),
      new ResolvedPackage("linux-image-amd64", "6.1.192-2", "linux-image-amd64_6.1.192-2_amd64.deb", SHA_B));

  @TempDir Path tmp;

  private Path onlyFile() throws Exception {
    try (var files = Files.list(tmp.resolve("closures"))) {
      List<Path> all = files.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  @Test
  void aClosureIsRecalledInOrderUnderTheSameNamesAndState() {
    ClosureMemo memo = new ClosureMemo(tmp.resolve("closures"));
    memo.remember(List.of("linux-image-amd64"), "state-1", KERNEL);
    assertEquals(Optional.of(KERNEL), new ClosureMemo(tmp.resolve("closures")).recall(List.of("linux-image-amd64"), "state-1"));
  }

  @Test
  void anotherStateOrOtherNamesRecallNothing() {
    ClosureMemo memo = new ClosureMemo(tmp.resolve("closures"));
    memo.remember(List.of("linux-image-amd64"), "state-1", KERNEL);
    assertEquals(Optional.empty(), memo.recall(List.of("linux-image-amd64"), "state-2"));
    assertEquals(Optional.empty(), memo.recall(List.of("busybox-static"), "state-1"));
    assertEquals(Optional.empty(), memo.recall(List.of("linux-image-amd64", "busybox-static"), "state-1"));
  }

  @Test
  void aNewStateReplacesTheOldClosure() throws Exception {
    ClosureMemo memo = new ClosureMemo(tmp.resolve("closures"));
    memo.remember(List.of("linux-image-amd64"), "state-1", KERNEL);
    memo.remember(List.of("linux-image-amd64"), "state-2", KERNEL.subList(1, 2));
    assertEquals(Optional.of(KERNEL.subList(1, 2)), memo.recall(List.of("linux-image-amd64"), "state-2"));
    assertEquals(Optional.empty(), memo.recall(List.of("linux-image-amd64"), "state-1"));
    onlyFile();
  }

  @Test
  void aDamagedMemoRecallsNothingAndIsRewritten() throws Exception {
    ClosureMemo memo = new ClosureMemo(tmp.resolve("closures"));
    memo.remember(List.of("linux-image-amd64"), "state-1", KERNEL);
    Path file = onlyFile();
    String good = Files.readString(file);
    List<String> damaged = List.of(
        "\u0000\u00ff garbage",
        good.replace("imgc apt-closure 1", "imgc apt-closure 2"),
        good.replace("linux-image-amd64_6.1.192-2_amd64.deb", "../../escape.deb"),
        good.replace(SHA_B, "not-a-digest"),
        good.replace(" 6.1.192-2 linux-image-amd64_", " linux-image-amd64_"),
        good.substring(0, good.indexOf("package")));
    for (String text : damaged) {
      Files.writeString(file, text);
      assertEquals(Optional.empty(), memo.recall(List.of("linux-image-amd64"), "state-1"), text);
    }
    memo.remember(List.of("linux-image-amd64"), "state-1", KERNEL);
    assertEquals(Optional.of(KERNEL), memo.recall(List.of("linux-image-amd64"), "state-1"));
  }
}
