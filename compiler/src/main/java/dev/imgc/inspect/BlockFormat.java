package dev.imgc.inspect;

import java.io.IOException;
import java.util.List;

/**
 * The artifacts read at positions rather than as streams, one entry per format, tried in this
 * order: the first that recognises an image lists it. A new format (a VM disk, a root filesystem) is
 * one entry here and one reader class.
 */
enum BlockFormat {
  ISO9660("an ISO 9660 image", IsoReader::recognises, IsoReader::read),
  PE("a PE file", PeReader::recognises, PeReader::read),
  FAT("a FAT filesystem", image -> FatVolume.probe(image) != null, FatReader::readVolume),
  DISK("a disk image with an MBR or GPT", PartitionTable::recognises, PartitionTable::read);

  /** Whether an image is in a format, from its structures at fixed offsets. */
  @FunctionalInterface
  interface Recogniser {
    boolean recognises(Region image) throws IOException;
  }

  /** Lists an image into a scope's parts; nested artifacts and captures go through the scope. */
  @FunctionalInterface
  interface Reader {
    void read(Region image, ReadScope scope) throws IOException, InspectException;
  }

  /** What the format is called in a sentence. */
  final String description;
  private final Recogniser recogniser;
  private final Reader reader;

  BlockFormat(String description, Recogniser recogniser, Reader reader) {
    this.description = description;
    this.recogniser = recogniser;
    this.reader = reader;
  }

  void read(Region image, ReadScope scope) throws IOException, InspectException {
    reader.read(image, scope);
  }

  /** The format of {@code image}, or null when it is none of these. */
  static BlockFormat of(Region image) throws IOException {
    for (BlockFormat format : values()) {
      if (format.recogniser.recognises(image)) {
        return format;
      }
    }
    return null;
  }

  /** The formats in a sentence: "an ISO 9660 image, a PE file, …". */
  static List<String> descriptions() {
    return java.util.Arrays.stream(values()).map(f -> f.description).toList();
  }
}
