package dev.imgc.fs.fat;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Files mtools adds with the clock's time get our time back, in every FAT variant's root directory. */
class FatTimestampsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(FatType.class)
  void filesAddedByMtoolsAtDifferentTimesEndUpByteIdentical(FatType type) throws Exception {
    Path first = addedByMtools(type, "first.img");
    Thread.sleep(2100); // FAT times have a 2-second step
    Path second = addedByMtools(type, "second.img");

    assertEquals(2, FatTimestamps.redateRootEntries(first, 0, Set.of("LDLINUX SYS", "LDLINUX C32"), TIME));
    assertEquals(2, FatTimestamps.redateRootEntries(second, 0, Set.of("LDLINUX SYS", "LDLINUX C32"), TIME));

    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    check("fsck.fat", "-n", first.toString());
    String listing = check("mdir", "-i", first.toString(), "-a", "::/");
    assertTrue(listing.lines().filter(l -> l.startsWith("LDLINUX")).allMatch(l -> l.contains("2023-11-14  22:13")),
        listing);
  }

  /** Our FAT with enough names that a FAT32 root takes several clusters, plus two files copied by mcopy. */
  private Path addedByMtools(FatType type, String name) throws Exception {
    List<Entry> entries = new ArrayList<>(List.of(dir("boot")));
    for (int i = 0; i < 20; i++) {
      entries.add(file("file-with-a-long-name-" + i + ".txt", "file " + i));
    }
    Path image = write(FatImage.layout(entries, FatOptions.of("TEST", 0x1234, TIME).withType(type)), tmp.resolve(name));
    Path payload = Files.writeString(tmp.resolve("payload-" + name), "syslinux stand-in");
    check("mcopy", "-i", image.toString(), payload.toString(), "::/LDLINUX.SYS");
    check("mcopy", "-i", image.toString(), payload.toString(), "::/LDLINUX.C32");
    return image;
  }
}
