package dev.imgc.fs.ext4;

import static dev.imgc.fs.block.Tools.TIME;
import static dev.imgc.fs.block.Tools.check;
import static dev.imgc.fs.block.Tools.dir;
import static dev.imgc.fs.block.Tools.file;
import static dev.imgc.fs.block.Tools.meta;
import static dev.imgc.fs.block.Tools.pattern;
import static dev.imgc.fs.block.Tools.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imgc.fs.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4ImageTest {
  static final Ext4Options OPTIONS = Ext4Options.of(UUID.fromString("5f0c2b0e-1d7a-4c1e-9a53-0d6f2e3b4a11"),
      UUID.fromString("0e6b7c1d-2f3a-4b5c-8d9e-aabbccddeeff"), TIME);

  @TempDir Path tmp;

  @Test
  void smallTreeIsClean() throws Exception {
    List<Entry> entries = new ArrayList<>();
    entries.add(dir("etc"));
    entries.add(file("etc/hostname", "imgc\n"));
    entries.add(file("big", pattern(100_000, 3)));
    Path img = write(Ext4Image.layout(entries, OPTIONS), tmp.resolve("fs.img"));
    String fsck = check("e2fsck", "-fn", img.toString());
    System.out.println(fsck);
  }
}
