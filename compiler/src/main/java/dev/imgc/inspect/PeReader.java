package dev.imgc.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lists a PE/COFF image (a UKI, or any EFI program) by its section table: each section's name,
 * virtual address (relative to the image base), size and the SHA-256 of its bytes as loaded (the
 * raw data, zero-filled to the virtual size). The text sections a UKI carries are shown as text.
 */
final class PeReader {
  private static final int SECTION_HEADER = 40;
  private static final int MAX_SECTIONS = 96;
  private static final int MAX_TEXT = 4096;
  /** Sections of a UKI that hold text (systemd's UKI specification). */
  private static final Set<String> TEXT_SECTIONS = Set.of(".cmdline", ".osrel", ".uname");
  /** The section a UKI's initrd is in: listed as a nested artifact at {@code .initrd}. */
  private static final String INITRD = ".initrd";

  private PeReader() {}

  /** Whether {@code image} starts with an MZ header pointing at a PE signature. */
  static boolean recognises(Region image) throws IOException {
    if (!image.holds(0, 64) || image.read(0, 2).getShort(0) != 0x5a4d) {
      return false;
    }
    long pe = Integer.toUnsignedLong(image.read(0x3c, 4).getInt(0));
    return image.holds(pe, 4) && image.read(pe, 4).getInt(0) == 0x00004550;
  }

  static void read(Region image, ReadScope scope) throws IOException, InspectException {
    long pe = Integer.toUnsignedLong(image.read(0x3c, 4).getInt(0));
    ByteBuffer coff = image.read(pe + 4, 20);
    int machine = coff.getShort(0) & 0xffff;
    int sections = coff.getShort(2) & 0xffff;
    int optionalSize = coff.getShort(16) & 0xffff;
    if (sections > MAX_SECTIONS) {
      throw new InspectException("is a PE file claiming " + sections + " sections, more than any real image has");
    }
    int magic = optionalSize >= 2 ? image.read(pe + 24, 2).getShort(0) & 0xffff : 0;
    ByteBuffer table = image.read(pe + 24 + optionalSize, sections * SECTION_HEADER);
    boolean uki = false;
    List<Row> rows = new ArrayList<>();
    rows.add(Row.builder().put("machine", machine(machine)).put("format", magic == 0x20b ? "PE32+" : "PE32")
        .put("sections", sections).build());
    for (int i = 0; i < sections; i++) {
      ByteBuffer header = table.slice(i * SECTION_HEADER, SECTION_HEADER).order(table.order());
      String name = name(header);
      long virtualSize = Integer.toUnsignedLong(header.getInt(8));
      long address = Integer.toUnsignedLong(header.getInt(12));
      long rawSize = Integer.toUnsignedLong(header.getInt(16));
      long rawOffset = Integer.toUnsignedLong(header.getInt(20));
      long size = virtualSize == 0 ? rawSize : virtualSize;
      long stored = Math.min(size, rawSize);
      Digest.Result content;
      try (InputStream loaded = new SequenceInputStream(image.stream(rawOffset, stored), zeros(size - stored))) {
        content = Digest.of(loaded);
      }
      Row.Builder row = Row.builder().put("section", name)
          .put("address", String.format(Locale.ROOT, "0x%x", address)).put("size", size).put("sha256", content.sha256());
      if (TEXT_SECTIONS.contains(name)) {
        byte[] text = image.read(rawOffset, (int) Math.min(stored, MAX_TEXT)).array();
        row.put("text", new String(text, StandardCharsets.UTF_8).replaceAll("\0+$", ""));
      }
      uki |= name.equals(".linux");
      if (name.equals(INITRD)) {
        scope.embedded(INITRD, image.slice(rawOffset, stored));
      }
      rows.add(row.build());
    }
    scope.add(new Part(uki ? "pe (UKI)" : "pe", scope.location(), rows, List.of()));
  }

  private static String name(ByteBuffer header) {
    byte[] raw = new byte[8];
    header.get(0, raw);
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, StandardCharsets.UTF_8);
  }

  private static String machine(int machine) {
    return switch (machine) {
      case 0x8664 -> "x86-64";
      case 0x14c -> "i386";
      case 0xaa64 -> "arm64";
      case 0x1c4 -> "arm";
      case 0x5064 -> "riscv64";
      default -> String.format(Locale.ROOT, "0x%04x", machine);
    };
  }

  private static InputStream zeros(long count) {
    return new InputStream() {
      private long left = count;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }
    };
  }
}
