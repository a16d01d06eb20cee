package dev.imgc.fs.pe;

import dev.imgc.fs.SizedContent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Builds a unified kernel image: systemd-stub ({@code linuxx64.efi.stub}) with sections appended,
 * conventionally {@code .osrel}, {@code .cmdline}, {@code .uname}, {@code .initrd} and {@code .linux}.
 * The stub finds each by name in its own loaded image and boots the kernel in {@code .linux} with the
 * initrd and command line of the others.
 *
 * <p>Layout, as systemd's {@code ukify} lays it out: the stub is copied unchanged except for its
 * headers; each new section's virtual address follows the previous section's end rounded up to the
 * stub's SectionAlignment, and its data follows the stub's file (including any bytes after its last
 * section) rounded up to FileAlignment. The headers get one 40-byte section header per new section
 * (which must fit in the stub's SizeOfHeaders, as it does in systemd's stubs), a new NumberOfSections,
 * SizeOfImage and SizeOfInitializedData, and, once every byte is written, a recomputed CheckSum. A
 * certificate table (a signature) is dropped: it would not cover the new sections.
 *
 * <p>Section bytes are streamed, so a large kernel and initrd are never held in memory. The image is
 * written to {@code output} directly; an emitter passes a temporary file and renames it.
 */
public final class UkiWriter {
  private static final int SECTION_HEADER_SIZE = 40;
  private static final int IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;
  private static final int IMAGE_SCN_MEM_READ = 0x40000000;
  private static final long MAX_FIELD = 0xFFFF_FFFFL;
  /** Index of the certificate table (the signature) among the optional header's data directories. */
  private static final int CERTIFICATE_TABLE = 4;

  private UkiWriter() {}

  public static void write(Path stub, List<UkiSection> sections, Path output) throws IOException {
    byte[] stubBytes = Files.readAllBytes(stub);
    StubLayout layout = StubLayout.parse(stubBytes, stub);
    byte[] headers = layout.headersWith(sections);
    try (FileChannel channel = FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ)) {
      OutputStream out = Channels.newOutputStream(channel);
      out.write(headers);
      out.write(stubBytes, headers.length, stubBytes.length - headers.length);
      long written = stubBytes.length;
      for (UkiSection section : sections) {
        written += zeros(out, align(written, layout.fileAlignment()) - written);
        written += SizedContent.copy("section " + section.name(), section.size(), section.content(), out);
      }
      zeros(out, align(written, layout.fileAlignment()) - written);
      out.flush();
      long checksum = PeChecksum.of(channel, layout.checksumOffset());
      channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) checksum),
          layout.checksumOffset());
    }
  }

  private static long zeros(OutputStream out, long count) throws IOException {
    out.write(new byte[(int) count]);
    return count;
  }

  static long align(long value, long alignment) {
    return (value + alignment - 1) / alignment * alignment;
  }

  /** Where the fields this writer changes live in the stub, and the stub's alignments. */
  private record StubLayout(int coffHeader, int optionalHeader, int sectionTable, int sectionCount,
      long sectionAlignment, long fileAlignment, long sizeOfHeaders, long endOfImage, long fileSize,
      long firstSectionData, ByteBuffer view) {
    private static final int PE32_PLUS = 0x20b;

    static StubLayout parse(byte[] stub, Path name) throws PeFormatException {
      ByteBuffer view = ByteBuffer.wrap(stub).order(ByteOrder.LITTLE_ENDIAN);
      if (stub.length < 0x40 || view.getShort(0) != 0x5A4D) {
        throw new PeFormatException(name + " is not a PE image (no MZ header); pass systemd-stub's linuxx64.efi.stub");
      }
      int peHeader = view.getInt(0x3C);
      if (peHeader < 0 || peHeader + 24 > stub.length || view.getInt(peHeader) != 0x00004550) {
        throw new PeFormatException(name + " is not a PE image (no PE signature); pass systemd-stub's linuxx64.efi.stub");
      }
      int coff = peHeader + 4;
      int optional = coff + 20;
      if (Short.toUnsignedInt(view.getShort(optional)) != PE32_PLUS) {
        throw new PeFormatException(name + " is not a 64-bit (PE32+) image; pass the x86-64 systemd-stub");
      }
      int sectionCount = Short.toUnsignedInt(view.getShort(coff + 2));
      int sectionTable = optional + Short.toUnsignedInt(view.getShort(coff + 16));
      long endOfImage = 0;
      long firstData = Long.MAX_VALUE;
      for (int i = 0; i < sectionCount; i++) {
        int header = sectionTable + i * SECTION_HEADER_SIZE;
        long virtualSize = Integer.toUnsignedLong(view.getInt(header + 8));
        long virtualAddress = Integer.toUnsignedLong(view.getInt(header + 12));
        long rawSize = Integer.toUnsignedLong(view.getInt(header + 16));
        long rawPointer = Integer.toUnsignedLong(view.getInt(header + 20));
        endOfImage = Math.max(endOfImage, virtualAddress + Math.max(virtualSize, rawSize));
        if (rawSize > 0) {
          firstData = Math.min(firstData, rawPointer);
        }
      }
      return new StubLayout(coff, optional, sectionTable, sectionCount,
          Integer.toUnsignedLong(view.getInt(optional + 32)), Integer.toUnsignedLong(view.getInt(optional + 36)),
          Integer.toUnsignedLong(view.getInt(optional + 60)), endOfImage, stub.length, firstData, view);
    }

    long checksumOffset() {
      return optionalHeader + 64;
    }

    /** The stub's headers (everything before its first section's data) with the new sections added. */
    byte[] headersWith(List<UkiSection> sections) throws PeFormatException {
      long tableEnd = sectionTable + (long) (sectionCount + sections.size()) * SECTION_HEADER_SIZE;
      if (tableEnd > Math.min(sizeOfHeaders, firstSectionData)) {
        throw new PeFormatException("the stub has room for " + (Math.min(sizeOfHeaders, firstSectionData) - sectionTable)
            / SECTION_HEADER_SIZE + " section headers, not " + (sectionCount + sections.size())
            + "; use systemd-stub's linuxx64.efi.stub, whose headers leave room for a UKI's sections");
      }
      int headerLength = (int) Math.min(sizeOfHeaders, firstSectionData);
      ByteBuffer headers = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
      headers.put(view.array(), 0, headerLength);

      long virtualAddress = align(endOfImage, sectionAlignment);
      long rawPointer = align(fileSize, fileAlignment);
      long addedRawSize = 0;
      for (int i = 0; i < sections.size(); i++) {
        UkiSection section = sections.get(i);
        long rawSize = align(section.size(), fileAlignment);
        int header = sectionTable + (sectionCount + i) * SECTION_HEADER_SIZE;
        byte[] nameField = new byte[8];
        byte[] name = section.name().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, nameField, 0, name.length);
        headers.put(header, nameField);
        headers.putInt(header + 8, (int) section.size());
        headers.putInt(header + 12, (int) virtualAddress);
        headers.putInt(header + 16, (int) rawSize);
        headers.putInt(header + 20, (int) rawPointer);
        headers.putInt(header + 36, IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ);
        virtualAddress = align(virtualAddress + section.size(), sectionAlignment);
        rawPointer += rawSize;
        addedRawSize += rawSize;
      }
      if (virtualAddress > MAX_FIELD || rawPointer > MAX_FIELD) {
        throw new PeFormatException(String.format(Locale.ROOT, "the UKI would be %,d bytes, but a PE image is at most 4 GiB;"
            + " make the initrd smaller (prune files, use zstd or xz)", Math.max(virtualAddress, rawPointer)));
      }
      headers.putShort(coffHeader + 2, (short) (sectionCount + sections.size()));
      headers.putInt(optionalHeader + 8, (int) (view.getInt(optionalHeader + 8) + addedRawSize));
      headers.putInt(optionalHeader + 56, (int) virtualAddress);
      headers.putInt(optionalHeader + 64, 0);
      int dataDirectories = view.getInt(optionalHeader + 108);
      if (dataDirectories > CERTIFICATE_TABLE) {
        headers.putLong(optionalHeader + 112 + CERTIFICATE_TABLE * 8, 0);
      }
      return headers.array();
    }
  }
}
