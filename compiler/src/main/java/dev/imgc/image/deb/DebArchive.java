package dev.imgc.image.deb;

import dev.imgc.image.ImageException;
import dev.imgc.image.layer.LayerCompression;
import dev.imgc.image.store.Progress;
import dev.imgc.image.store.ProgressInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;

/**
 * A Debian binary package: an ar archive of {@code debian-binary}, {@code control.tar.*} and
 * {@code data.tar.*}. imgc needs only the data member, the files the package installs.
 */
public final class DebArchive {
  private DebArchive() {}

  /**
   * Opens the uncompressed tar of the package's files (gzip, xz, zstd or plain); the caller closes it.
   * {@code progress} hears of the package's bytes as they are read.
   */
  public static InputStream openData(Path deb, Progress progress) throws IOException {
    InputStream file;
    try {
      file = new BufferedInputStream(new ProgressInputStream(Files.newInputStream(deb), progress), 1 << 16);
    } catch (NoSuchFileException e) {
      throw new ImageException("the Debian package " + deb + " does not exist");
    }
    try {
      ArArchiveInputStream ar = new ArArchiveInputStream(file);
      ArArchiveEntry member;
      while ((member = ar.getNextEntry()) != null) {
        if (member.getName().startsWith("data.tar")) {
          return LayerCompression.decompress(ar);
        }
      }
    } catch (IOException e) {
      file.close();
      throw new ImageException(deb + " is not a Debian package (" + e.getMessage() + ")", e);
    }
    file.close();
    throw new ImageException(deb + " is not a Debian package: it has no data.tar member");
  }
}
