package dev.imgc.plan.lower;

import dev.imgc.image.layer.LayerCompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a kernel module's ELF {@code .modinfo} section says: its name, the modules it depends on and
 * the device aliases that load it. Debian ships modules without modules.dep, so this is where the
 * dependency graph comes from. Modules compressed with xz, zstd or gzip are read through.
 */
record ModInfo(Optional<String> name, List<String> depends, List<String> aliases, List<String> softdeps) {
  /** No module's .modinfo is anywhere near this; a bigger one is a damaged file. */
  private static final long MAX_SECTION = 1 << 20;

  ModInfo {
    depends = List.copyOf(depends);
    aliases = List.copyOf(aliases);
    softdeps = List.copyOf(softdeps);
  }

  /** Reads the module in {@code copy}; empty when it is not an ELF file or has no .modinfo. */
  static Optional<ModInfo> read(SpilledCopy copy) throws IOException {
    if (isElf(copy)) {
      return parse(copy);
    }
    try (InputStream raw = copy.stream(); SpilledCopy plain = SpilledCopy.of(LayerCompression.decompress(raw))) {
      return isElf(plain) ? parse(plain) : Optional.empty();
    }
  }

  private static boolean isElf(SpilledCopy copy) throws IOException {
    try (InputStream in = copy.stream()) {
      return Arrays.equals(in.readNBytes(4), new byte[] {0x7f, 'E', 'L', 'F'});
    }
  }

  private static Optional<ModInfo> parse(SpilledCopy elf) throws IOException {
    try (SeekableByteChannel channel = elf.channel()) {
      return section(channel).map(ModInfo::fields);
    }
  }

  /** The bytes of the section named .modinfo, found through the section header string table. */
  private static Optional<byte[]> section(SeekableByteChannel elf) throws IOException {
    ByteBuffer ident = read(elf, 0, 64);
    boolean wide = ident.get(4) == 2;
    ByteOrder order = ident.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    ident.order(order);
    long shoff = wide ? ident.getLong(0x28) : Integer.toUnsignedLong(ident.getInt(0x20));
    int shentsize = Short.toUnsignedInt(ident.getShort(wide ? 0x3A : 0x2E));
    int shnum = Short.toUnsignedInt(ident.getShort(wide ? 0x3C : 0x30));
    int shstrndx = Short.toUnsignedInt(ident.getShort(wide ? 0x3E : 0x32));
    if (shoff == 0 || shnum == 0 || shstrndx >= shnum || shentsize < (wide ? 64 : 40)) {
      return Optional.empty();
    }
    ByteBuffer headers = read(elf, shoff, (long) shnum * shentsize).order(order);
    long[] names = new long[shnum];
    long[] offsets = new long[shnum];
    long[] sizes = new long[shnum];
    for (int i = 0; i < shnum; i++) {
      int at = i * shentsize;
      names[i] = Integer.toUnsignedLong(headers.getInt(at));
      offsets[i] = wide ? headers.getLong(at + 0x18) : Integer.toUnsignedLong(headers.getInt(at + 0x10));
      sizes[i] = wide ? headers.getLong(at + 0x20) : Integer.toUnsignedLong(headers.getInt(at + 0x14));
    }
    byte[] strings = bytes(read(elf, offsets[shstrndx], Math.min(sizes[shstrndx], MAX_SECTION)));
    for (int i = 0; i < shnum; i++) {
      if (names[i] < strings.length && cString(strings, (int) names[i]).equals(".modinfo")) {
        if (sizes[i] > MAX_SECTION) {
          return Optional.empty();
        }
        return Optional.of(bytes(read(elf, offsets[i], sizes[i])));
      }
    }
    return Optional.empty();
  }

  private static ModInfo fields(byte[] section) {
    String name = null;
    List<String> depends = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    List<String> softdeps = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= section.length; i++) {
      if (i == section.length || section[i] == 0) {
        String field = new String(section, start, i - start, StandardCharsets.UTF_8);
        start = i + 1;
        int eq = field.indexOf('=');
        if (eq < 0) {
          continue;
        }
        String key = field.substring(0, eq);
        String value = field.substring(eq + 1);
        if (key.equals("name")) {
          name = value;
        } else if (key.equals("depends")) {
          Arrays.stream(value.split(",")).filter(d -> !d.isEmpty()).map(ModInfo::canonicalName).forEach(depends::add);
        } else if (key.equals("alias")) {
          aliases.add(value);
        } else if (key.equals("softdep")) { // "pre: crc32c post: …"
          Arrays.stream(value.split("\\s+")).filter(w -> !w.isEmpty() && !w.endsWith(":")).forEach(softdeps::add);
        }
      }
    }
    return new ModInfo(Optional.ofNullable(name).map(ModInfo::canonicalName), depends, aliases, softdeps);
  }

  /** Module names are compared with '-' read as '_', as modprobe does. */
  static String canonicalName(String name) {
    return dev.imgc.plan.KernelModule.canonicalName(name);
  }

  private static ByteBuffer read(SeekableByteChannel elf, long offset, long length) throws IOException {
    if (offset < 0 || length < 0 || length > MAX_SECTION * 16 || offset + length > elf.size()) {
      throw new IOException("the ELF file is truncated or damaged");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) length);
    elf.position(offset);
    while (buffer.hasRemaining() && elf.read(buffer) > 0) {
      // keep reading: channels may return less than asked
    }
    buffer.flip();
    return buffer;
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  private static String cString(byte[] table, int offset) {
    int end = offset;
    while (end < table.length && table[end] != 0) {
      end++;
    }
    return new String(table, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
