package dev.imgc.image.artifact;

import java.nio.file.Path;

/** One file of an appliance's outputs: its name in the output directory, its format, where it is now. */
public record OutputFile(String fileName, String format, Path path) {
  public OutputFile {
    if (!ApplianceArtifact.isPlainFileName(fileName)) {
      throw new IllegalArgumentException("an output's file name is one plain component: " + fileName);
    }
  }
}
