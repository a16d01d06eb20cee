package dev.imgc.fs.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel files laid out as the kernel's boot documents describe them, compressed with the host's
 * {@code gzip} and {@code zstd}: {@code file} agrees with what each is said to be, and the image a loader
 * gets back is the arm64 Image put in. Damaged and random headers are fuzzed for a bounded time.
 */
class KernelImageTest {
  @TempDir Path work;

  @Test
  void anArm64ImageIsTakenAsItIs() throws Exception {
    byte[] image = KernelFixtures.arm64Image(200_000);
    Path file = Files.write(work.resolve("Image"), image);
    assertTrue(tool("file", "-b", file.toString()).startsWith("Linux kernel ARM64 boot executable Image"));
    KernelImage kind = KernelImage.identify(() -> new ByteArrayInputStream(image));
    assertEquals(KernelImage.ARM64_IMAGE, kind);
    assertEquals(Optional.of("arm64"), kind.architecture());
    assertArrayEquals(image, loaderImage(kind, image));
  }

  @Test
  void aGzippedImageIsDecompressed() throws Exception {
    byte[] image = KernelFixtures.arm64Image(300_000);
    Files.write(work.resolve("Image"), image);
    tool("gzip", "-n", "-9", work.resolve("Image").toString());
    byte[] gzipped = Files.readAllBytes(work.resolve("Image.gz"));
    KernelImage kind = KernelImage.identify(() -> new ByteArrayInputStream(gzipped));
    assertEquals(KernelImage.ARM64_IMAGE_GZIP, kind);
    assertArrayEquals(image, loaderImage(kind, gzipped));
  }

  @Test
  void aZbootImageGivesItsPayload() throws Exception {
    byte[] image = KernelFixtures.arm64Image(250_000);
    for (String[] compressor : new String[][] {{"gzip", "gzip", "-n", "-c"}, {"zstd", "zstd", "-q", "-c"}}) {
      Path plain = Files.write(work.resolve("Image"), image);
      byte[] payload = toolBytes(compressor[1], compressor[2], compressor[3], plain.toString());
      byte[] zboot = KernelFixtures.zboot(payload, compressor[0]);
      Path file = Files.write(work.resolve("vmlinuz.efi"), zboot);
      assertTrue(tool("file", "-b", file.toString()).contains("Aarch64"), "file takes it for an arm64 PE");
      KernelImage kind = KernelImage.identify(() -> new ByteArrayInputStream(zboot));
      assertEquals(KernelImage.ARM64_ZBOOT, kind, compressor[0]);
      assertArrayEquals(image, loaderImage(kind, zboot), compressor[0]);
    }
  }

  @Test
  void anX86BzImageIsKnownByItsHdrS() throws Exception {
    byte[] bz = new byte[4096];
    bz[0x1fe] = 0x55;
    bz[0x1ff] = (byte) 0xaa;
    System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, bz, 0x202, 4);
    bz[0x206] = 0x0f; // boot protocol 2.15
    bz[0x207] = 0x02;
    bz[0x211] = 0x01; // loadflags: LOADED_HIGH, which makes it a bzImage rather than a zImage
    Path file = Files.write(work.resolve("bzImage"), bz);
    String described = tool("file", "-b", file.toString());
    assertTrue(described.startsWith("Linux kernel x86 boot executable bzImage"), described);
    assertEquals(KernelImage.BZIMAGE, KernelImage.identify(() -> new ByteArrayInputStream(bz)));
    assertEquals(Optional.of("amd64"), KernelImage.BZIMAGE.architecture());
  }

  @Test
  void aZbootWhosePayloadIsNoImageIsRefused() {
    byte[] zboot = KernelFixtures.zboot("not compressed at all".getBytes(StandardCharsets.US_ASCII), "gzip");
    IOException e = assertThrows(IOException.class, () -> loaderImage(KernelImage.ARM64_ZBOOT, zboot));
    assertTrue(e.getMessage() != null);
    byte[] lz4 = KernelFixtures.zboot(new byte[16], "lz4");
    IOException unknown = assertThrows(IOException.class, () -> loaderImage(KernelImage.identify(() -> new ByteArrayInputStream(lz4)), lz4));
    assertTrue(unknown.getMessage().contains("lz4"), unknown.getMessage());
  }

  /**
   * Damaged headers (bytes flipped, cut short, offsets and sizes made up) for two seconds: identifying
   * never fails but with an IOException, and getting the loader's image ends in one or in at most 1 GiB.
   */
  @Test
  void damagedKernelsEndInAnAnswerOrAnIOException() throws Exception {
    byte[] image = KernelFixtures.arm64Image(8192);
    Path plain = Files.write(work.resolve("Image"), image);
    byte[][] seeds = {image, toolBytes("gzip", "-n", "-c", plain.toString()),
        KernelFixtures.zboot(toolBytes("gzip", "-n", "-c", plain.toString()), "gzip"), KernelFixtures.zboot(toolBytes("zstd", "-q", "-c", plain.toString()), "zstd")};
    Random random = new Random(19);
    Instant end = Instant.now().plus(Duration.ofSeconds(2));
    int tried = 0;
    while (Instant.now().isBefore(end) || tried < 200) {
      byte[] input = seeds[random.nextInt(seeds.length)].clone();
      int flips = 1 + random.nextInt(8);
      for (int i = 0; i < flips; i++) {
        int at = random.nextInt(random.nextBoolean() ? Math.min(64, input.length) : input.length);
        input[at] = (byte) random.nextInt(256);
      }
      if (random.nextInt(4) == 0) {
        input = java.util.Arrays.copyOf(input, random.nextInt(input.length + 1));
      }
      byte[] fuzzed = input;
      try {
        KernelImage kind = KernelImage.identify(() -> new ByteArrayInputStream(fuzzed));
        loaderImage(kind, fuzzed);
      } catch (IOException expected) {
        // a damaged kernel, said so
      }
      tried++;
    }
  }

  private static byte[] loaderImage(KernelImage kind, byte[] kernel) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    kind.writeImage(() -> new ByteArrayInputStream(kernel), out);
    return out.toByteArray();
  }

  private static String tool(String... command) throws IOException, InterruptedException {
    return new String(toolBytes(command), StandardCharsets.UTF_8);
  }

  private static byte[] toolBytes(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertEquals(0, process.waitFor(), String.join(" ", command));
    return output;
  }
}
