package dev.imgc.inspect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The El Torito boot catalog of an ISO image: for each boot entry its platform, emulation, load
 * segment, sector count and image. The image is named by the file whose extent it starts at (its
 * size then the file's), else its size is the sector count in 512-byte sectors. An image holding a
 * FAT filesystem (the EFI entry's ESP) is listed as a part of its own, since that is where an EFI
 * ISO keeps its kernel and bootloader.
 */
final class ElTorito {
  /** Where a boot record volume descriptor holds the catalog's block. */
  static final int CATALOG_POINTER = 71;
  private static final String BOOT_SYSTEM = "EL TORITO SPECIFICATION";
  private static final int ENTRY = 32;
  private static final int VALIDATION = 1;
  private static final int MORE_SECTIONS = 0x90;
  private static final int LAST_SECTION = 0x91;
  private static final int BOOTABLE = 0x88;
  private static final int EXTENSION = 0x44;
  /** A catalog is one block in practice; this bound keeps a corrupt one from being read forever. */
  private static final int MAX_CATALOG = 64 * ENTRY * 32;

  private ElTorito() {}

  static boolean isBootRecord(ByteBuffer descriptor) {
    byte[] system = new byte[BOOT_SYSTEM.length()];
    descriptor.get(7, system);
    return new String(system, StandardCharsets.US_ASCII).equals(BOOT_SYSTEM);
  }

  /** A boot entry's image: where it starts in the ISO, how many bytes it has, and the file it is (or null). */
  record BootImage(int entry, String platform, long offset, long size, String file) {}

  /** The catalog as a part, and the images its entries boot. */
  record Catalog(Part part, List<BootImage> images) {}

  static Catalog read(ReadScope scope, Region image, long catalogOffset, int blockSize, Map<Long, String> fileAtBlock,
      Map<String, Long> sizeOfFile) throws IOException, InspectException {
    PartBuilder part = scope.part("el-torito");
    List<BootImage> images = new ArrayList<>();
    ByteBuffer validation = image.read(catalogOffset, ENTRY);
    if (validation.get(0) != VALIDATION || (validation.get(30) & 0xff) != 0x55 || (validation.get(31) & 0xff) != 0xaa) {
      throw new InspectException("is an ISO 9660 image whose El Torito boot catalog has no validation entry");
    }
    int platform = validation.get(1) & 0xff;
    int number = 0;
    long at = catalogOffset + ENTRY;
    images.add(entry(++number, platform, image.read(at, ENTRY), blockSize, fileAtBlock, sizeOfFile, part));
    at += ENTRY;
    boolean more = true;
    while (more && at < catalogOffset + MAX_CATALOG) {
      ByteBuffer header = image.read(at, ENTRY);
      int indicator = header.get(0) & 0xff;
      if (indicator != MORE_SECTIONS && indicator != LAST_SECTION) {
        break;
      }
      more = indicator == MORE_SECTIONS;
      int sectionPlatform = header.get(1) & 0xff;
      int entries = header.getShort(2) & 0xffff;
      at += ENTRY;
      for (int i = 0; i < entries && at < catalogOffset + MAX_CATALOG; at += ENTRY) {
        ByteBuffer entry = image.read(at, ENTRY);
        if ((entry.get(0) & 0xff) != EXTENSION) {
          images.add(entry(++number, sectionPlatform, entry, blockSize, fileAtBlock, sizeOfFile, part));
          i++;
        }
      }
    }
    return new Catalog(part.build(), images);
  }

  /** Adds an entry's row to {@code part} and returns its image. */
  private static BootImage entry(int number, int platform, ByteBuffer entry, int blockSize,
      Map<Long, String> fileAtBlock, Map<String, Long> sizeOfFile, PartBuilder part) {
    int sectors = entry.getShort(6) & 0xffff;
    long lba = Integer.toUnsignedLong(entry.getInt(8));
    String file = fileAtBlock.get(lba);
    long size = file == null ? sectors * 512L : sizeOfFile.get(file);
    part.row(Row.builder()
        .put("entry", number)
        .put("bootable", (entry.get(0) & 0xff) == BOOTABLE ? "yes" : "no")
        .put("platform", platform(platform))
        .put("emulation", emulation(entry.get(1) & 0x0f))
        .put("load-segment", String.format(Locale.ROOT, "0x%04x", entry.getShort(2) & 0xffff))
        .put("system-type", String.format(Locale.ROOT, "0x%02x", entry.get(4) & 0xff))
        .put("sectors", sectors)
        .put("lba", lba)
        .put("image", file == null ? "-" : file)
        .put("size", size)
        .build());
    return new BootImage(number, platform(platform), lba * blockSize, size, file);
  }

  private static String platform(int id) {
    return switch (id) {
      case 0 -> "x86";
      case 1 -> "powerpc";
      case 2 -> "mac";
      case 0xef -> "efi";
      default -> String.format(Locale.ROOT, "0x%02x", id);
    };
  }

  private static String emulation(int media) {
    return switch (media) {
      case 0 -> "none";
      case 1 -> "floppy-1.2m";
      case 2 -> "floppy-1.44m";
      case 3 -> "floppy-2.88m";
      case 4 -> "hard-disk";
      default -> "unknown-" + media;
    };
  }
}
