package dev.imgc.image.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stand-in for apt's state in a temporary directory: the real /var/lib/apt is never touched. */
class AptStateTest {
  @TempDir Path tmp;
  private Path lists;
  private Path status;
  private AptState state;

  @BeforeEach
  void fakeApt() throws Exception {
    lists = Files.createDirectories(tmp.resolve("lists"));
    Files.createDirectories(lists.resolve("partial"));
    Files.writeString(lists.resolve("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages"), "Package: a\n");
    Files.writeString(lists.resolve("lock"), "");
    status = Files.writeString(tmp.resolve("status"), "Package: dpkg\n");
    state = new AptState("amd64", List.of(status, tmp.resolve("preferences")), List.of(lists, tmp.resolve("sources.list.d")));
  }

  @Test
  void theSameStateHasTheSameFingerprint() {
    assertEquals(state.fingerprint(), state.fingerprint());
    assertEquals(state.fingerprint(), new AptState("amd64", state.files(), state.directories()).fingerprint());
  }

  @Test
  void anUpdatedListChangesIt() throws Exception {
    String before = state.fingerprint();
    Path packages = lists.resolve("deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages");
    Files.writeString(packages, "Package: b\n"); // same size: only the time and the status change tell
    Files.setLastModifiedTime(packages, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    assertNotEquals(before, state.fingerprint());
  }

  @Test
  void aListAddedOrRemovedChangesIt() throws Exception {
    String before = state.fingerprint();
    Path added = Files.writeString(lists.resolve("security_Packages"), "Package: c\n");
    String withAdded = state.fingerprint();
    assertNotEquals(before, withAdded);
    Files.delete(added);
    assertEquals(before, state.fingerprint());
    Files.createDirectories(tmp.resolve("sources.list.d"));
    Files.writeString(tmp.resolve("sources.list.d/extra.sources"), "Types: deb\n");
    assertNotEquals(before, state.fingerprint());
  }

  @Test
  void aFileThatAppearsChangesIt() throws Exception {
    String before = state.fingerprint();
    Files.writeString(tmp.resolve("preferences"), "Package: *\nPin: release a=stable\nPin-Priority: 900\n");
    assertNotEquals(before, state.fingerprint());
  }

  @Test
  void dpkgStatusAndTheArchitectureCount() throws Exception {
    String before = state.fingerprint();
    assertNotEquals(before, new AptState("aarch64", state.files(), state.directories()).fingerprint());
    Files.writeString(status, "Package: dpkg\nStatus: install ok installed\n");
    assertNotEquals(before, state.fingerprint());
  }

  @Test
  void downloadsInProgressAndTheLockDoNot() throws Exception {
    String before = state.fingerprint();
    Files.writeString(lists.resolve("partial/deb.debian.org_debian_dists_bookworm_InRelease"), "half");
    Files.writeString(lists.resolve("lock"), "held");
    assertEquals(before, state.fingerprint());
  }
}
