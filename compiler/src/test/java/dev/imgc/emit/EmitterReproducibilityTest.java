package dev.imgc.emit;

import static dev.imgc.fs.block.Tools.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two emits of the same appliance, in different directories and seconds apart (FAT stores times in
 * 2-second steps, so the gap is 2.5 s), give the same bytes in every format; the ids they carry come
 * from the plan digest.
 */
class EmitterReproducibilityTest {
  @TempDir Path first;
  @TempDir Path second;
  @TempDir Path other;

  @Test
  void everyFormatIsByteIdenticalAcrossDirectoriesAndTimes() throws Exception {
    Map<String, String> a = sha256s(Emitter.emit(EmitFixtures.sample("same"), EnumSet.allOf(Format.class),
        first.resolve("out"), EmitOptions.defaults()));
    Thread.sleep(2500);
    Map<String, String> b = sha256s(Emitter.emit(EmitFixtures.sample("same"), EnumSet.allOf(Format.class),
        second.resolve("elsewhere/deeper"), EmitOptions.defaults()));
    assertEquals(15, a.size(), "every format's files, those formats share counted once");
    assertEquals(a, b);
  }

  @Test
  void volumeIdsAndGuidsComeFromTheDigest() throws Exception {
    Path one = first.resolve("one");
    Path two = second.resolve("two");
    Emitter.emit(EmitFixtures.sample("ids"), EnumSet.of(Format.ISO_BIOS, Format.RAW_EFI), one, EmitOptions.defaults());
    Appliance sample = EmitFixtures.sample("ids");
    Appliance changed = new Appliance(sample.name(), sample.kernel(), sample.cmdline(), sample.ucode(), sample.rootfs(),
        EmitFixtures.digests("0".repeat(64)), sample.sourceDateEpoch());
    Emitter.emit(changed, EnumSet.of(Format.ISO_BIOS, Format.RAW_EFI), two, EmitOptions.defaults());

    String pvd = check("xorriso", "-indev", one.resolve("ids.iso").toString(), "-pvd_info");
    assertTrue(pvd.contains("Volume Id    : IMGC_3F786850E387"), pvd);
    assertTrue(check("xorriso", "-indev", two.resolve("ids.iso").toString(), "-pvd_info")
        .contains("Volume Id    : IMGC_000000000000"));
    assertNotEquals(diskGuid(one.resolve("ids-efi.img")), diskGuid(two.resolve("ids-efi.img")));
    assertNotEquals(check("sfdisk", "--disk-id", one.resolve("ids.iso").toString()),
        check("sfdisk", "--disk-id", two.resolve("ids.iso").toString()));
  }

  private static String diskGuid(Path disk) throws Exception {
    return check("sfdisk", "--disk-id", disk.toString()).strip();
  }

  private static Map<String, String> sha256s(List<Path> files) throws IOException, NoSuchAlgorithmException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (Path file : files) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      sums.put(file.getFileName().toString(), HexFormat.of().formatHex(sha.digest()));
    }
    return sums;
  }
}
