package dev.imgc.plan;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The smallest ELF64 relocatable file that is a kernel module as far as .modinfo goes: a header,
 * a .modinfo section of {@code key=value} strings, the section name table and three section headers.
 */
public final class TinyModule {
  private TinyModule() {}

  public static byte[] elf(String name, List<String> depends, List<String> aliases) {
    ByteArrayOutputStream modinfo = new ByteArrayOutputStream();
    for (String alias : aliases) {
      field(modinfo, "alias=" + alias);
    }
    field(modinfo, "depends=" + String.join(",", depends));
    field(modinfo, "name=" + name);
    field(modinfo, "vermagic=6.1.0-test-amd64 SMP mod_unload modversions ");
    byte[] info = modinfo.toByteArray();
    byte[] names = "\0.modinfo\0.shstrtab\0".getBytes(StandardCharsets.US_ASCII);
    int infoAt = 64;
    int namesAt = infoAt + info.length;
    int headersAt = (namesAt + names.length + 7) & ~7;
    ByteBuffer elf = ByteBuffer.allocate(headersAt + 3 * 64).order(ByteOrder.LITTLE_ENDIAN);
    elf.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    elf.position(16);
    elf.putShort((short) 1); // ET_REL
    elf.putShort((short) 62); // x86-64
    elf.putInt(1);
    elf.putLong(0); // entry
    elf.putLong(0); // program headers: none
    elf.putLong(headersAt);
    elf.putInt(0); // flags
    elf.putShort((short) 64); // header size
    elf.putShort((short) 0);
    elf.putShort((short) 0);
    elf.putShort((short) 64); // section header size
    elf.putShort((short) 3);
    elf.putShort((short) 2); // .shstrtab
    elf.position(infoAt);
    elf.put(info);
    elf.put(names);
    elf.position(headersAt + 64);
    section(elf, 1, 1, 2, infoAt, info.length);
    section(elf, 10, 3, 0, namesAt, names.length);
    return elf.array();
  }

  private static void section(ByteBuffer elf, int name, int type, long flags, long offset, long size) {
    elf.putInt(name);
    elf.putInt(type);
    elf.putLong(flags);
    elf.putLong(0);
    elf.putLong(offset);
    elf.putLong(size);
    elf.putInt(0);
    elf.putInt(0);
    elf.putLong(1);
    elf.putLong(0);
  }

  private static void field(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    out.write(0);
  }
}
