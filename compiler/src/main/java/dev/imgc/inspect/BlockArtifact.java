package dev.imgc.inspect;

import java.io.IOException;
import java.util.List;

/** Recognises and lists the artifacts read at positions rather than as streams. */
final class BlockArtifact {
  private BlockArtifact() {}

  /**
   * Lists {@code image} into {@code parts}; false when it is none of the block formats. A qcow2, VHD or
   * VMDK is listed as the disk it holds, as that disk would be.
   */
  static boolean read(Region image, List<Part> parts) throws IOException, InspectException {
    ChunkedDisk disk = Qcow2Disk.recognises(image) ? Qcow2Disk.open(image)
        : VmdkDisk.recognises(image) ? VmdkDisk.open(image)
        : VhdDisk.recognises(image) ? VhdDisk.open(image) : null;
    if (disk != null) {
      if (!readImage(new Region(disk, 0, disk.size()), parts)) {
        throw new InspectException("holds a disk with neither a partition table nor a filesystem imgc reads");
      }
      return true;
    }
    return readImage(image, parts);
  }

  private static boolean readImage(Region image, List<Part> parts) throws IOException, InspectException {
    if (IsoReader.recognises(image)) {
      IsoReader.read(image, parts);
      return true;
    }
    if (PeReader.recognises(image)) {
      PeReader.read(image, parts);
      return true;
    }
    FatVolume fat = FatVolume.probe(image);
    if (fat != null) {
      parts.add(FatReader.read(image, fat, "fat (" + fat.type() + ")"));
      return true;
    }
    if (PartitionTable.recognises(image)) {
      PartitionTable.read(image, parts);
      return true;
    }
    return false;
  }
}
