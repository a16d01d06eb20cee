package dev.imgc.inspect;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The artifacts read at positions rather than as streams, one entry per format, tried in this
 * order: the first that recognises an image lists it. A new format (a VM disk, a root filesystem) is
 * one entry here and one reader class.
 */
enum BlockFormat {
  QCOW2("a qcow2 image", Qcow2Disk::recognises, (image, scope) -> readHeld(Qcow2Disk.open(image), scope)),
  VMDK("a VMDK sparse extent", VmdkDisk::recognises, (image, scope) -> readHeld(VmdkDisk.open(image), scope)),
  VHD("a VHD", VhdDisk::recognises, (image, scope) -> readHeld(VhdDisk.open(image), scope)),
  ISO9660("an ISO 9660 image", IsoReader::recognises, IsoReader::read),
  PE("a PE file", PeReader::recognises, PeReader::read),
  FAT("a FAT filesystem", image -> FatVolume.probe(image) != null, FatReader::readVolume),
  DISK("a disk image with an MBR or GPT", PartitionTable::recognises, PartitionTable::read),
  // after the disk: a GPT's entries lie where an ext4 or erofs superblock would
  SQUASHFS("a squashfs filesystem", SquashfsReader::recognises, SquashfsReader::read),
  EXT4("an ext2, ext3 or ext4 filesystem", Ext4Reader::recognises, Ext4Reader::read),
  EROFS("an EROFS filesystem", ErofsReader::recognises, ErofsReader::read);

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

  /**
   * Lists a filesystem as a part whose title is {@code title} applied to what the filesystem is
   * ({@code squashfs (xz)}): the filesystem itself, or a disk's partition holding it.
   */
  @FunctionalInterface
  interface VolumeReader {
    void read(Region volume, UnaryOperator<String> title, ReadScope scope) throws IOException, InspectException;
  }

  /** What the format is called in a sentence. */
  final String description;
  private final Recogniser recogniser;
  private final Reader reader;
  /** How a filesystem is read in a disk's partition; null for formats that are not filesystems. */
  private final VolumeReader volumeReader;

  BlockFormat(String description, Recogniser recogniser, Reader reader) {
    this.description = description;
    this.recogniser = recogniser;
    this.reader = reader;
    this.volumeReader = null;
  }

  BlockFormat(String description, Recogniser recogniser, VolumeReader volumeReader) {
    this.description = description;
    this.recogniser = recogniser;
    this.reader = (image, scope) -> volumeReader.read(image, UnaryOperator.identity(), scope);
    this.volumeReader = volumeReader;
  }

  void read(Region image, ReadScope scope) throws IOException, InspectException {
    reader.read(image, scope);
  }

  /** The filesystem (squashfs, ext4, erofs) a partition holds, or null: FAT is read by the partition table itself. */
  static BlockFormat volumeOf(Region volume) throws IOException {
    for (BlockFormat format : values()) {
      if (format.volumeReader != null && format.recogniser.recognises(volume)) {
        return format;
      }
    }
    return null;
  }

  /** Lists a partition holding this filesystem as a part titled by {@code title}. */
  void readVolume(Region volume, UnaryOperator<String> title, ReadScope scope) throws IOException, InspectException {
    volumeReader.read(volume, title, scope);
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

  /**
   * Lists the disk a virtual disk container holds as that disk would be listed: the containers
   * (qcow2, VMDK, VHD) hold a raw disk or a filesystem, never another container.
   */
  private static void readHeld(ChunkedDisk disk, ReadScope scope) throws IOException, InspectException {
    Region held = Region.of(disk);
    for (BlockFormat format : values()) {
      if (format == QCOW2 || format == VMDK || format == VHD) {
        continue;
      }
      if (format.recogniser.recognises(held)) {
        format.read(held, scope);
        return;
      }
    }
    throw new InspectException("holds a disk with neither a partition table nor a filesystem imgc reads");
  }

  /** The formats in a sentence: "an ISO 9660 image, a PE file, …". */
  static List<String> descriptions() {
    return java.util.Arrays.stream(values()).map(f -> f.description).toList();
  }
}
