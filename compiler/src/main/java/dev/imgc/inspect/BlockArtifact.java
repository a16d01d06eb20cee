package dev.imgc.inspect;

import java.io.IOException;
import java.util.List;

/** Recognises and lists the artifacts read at positions rather than as streams. */
final class BlockArtifact {
  private BlockArtifact() {}

  /** Lists {@code image} into {@code parts}; false when it is none of the block formats. */
  static boolean read(Region image, List<Part> parts) throws IOException, InspectException {
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
