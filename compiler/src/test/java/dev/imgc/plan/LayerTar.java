package dev.imgc.plan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Builds an uncompressed layer tar member by member, names written exactly as given (so tests can
 * write '..' names, whiteouts and absolute link targets that no importer would let through).
 */
public final class LayerTar {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar;

  public LayerTar() {
    tar = new TarArchiveOutputStream(bytes, "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  public LayerTar file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, Map.of());
  }

  public LayerTar file(String name, byte[] content, int mode, Map<String, String> xattrs) {
    TarArchiveEntry entry = entry(name, TarConstants.LF_NORMAL, mode);
    entry.setSize(content.length);
    xattrs.forEach((key, value) -> entry.addPaxHeader("SCHILY.xattr." + key, value));
    return put(entry, content);
  }

  public LayerTar dir(String name) {
    return put(entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, 0755), null);
  }

  public LayerTar symlink(String name, String target) {
    TarArchiveEntry entry = entry(name, TarConstants.LF_SYMLINK, 0777);
    entry.setLinkName(target);
    return put(entry, null);
  }

  public LayerTar hardlink(String name, String target) {
    TarArchiveEntry entry = entry(name, TarConstants.LF_LINK, 0644);
    entry.setLinkName(target);
    return put(entry, null);
  }

  public LayerTar device(String name, boolean block, int major, int minor) {
    TarArchiveEntry entry = entry(name, block ? TarConstants.LF_BLK : TarConstants.LF_CHR, 0660);
    entry.setDevMajor(major);
    entry.setDevMinor(minor);
    return put(entry, null);
  }

  public LayerTar fifo(String name) {
    return put(entry(name, TarConstants.LF_FIFO, 0644), null);
  }

  public byte[] bytes() {
    try {
      tar.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static TarArchiveEntry entry(String name, byte type, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
    entry.setMode(mode);
    entry.setModTime(1_700_000_000_000L);
    return entry;
  }

  private LayerTar put(TarArchiveEntry entry, byte[] content) {
    try {
      tar.putArchiveEntry(entry);
      if (content != null) {
        tar.write(content);
      }
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
