package dev.imgc.image.importer;

import dev.imgc.fs.Entry;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.store.BlobWriter;
import dev.imgc.image.store.ImageStore;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams entries into a new gzip-compressed tar layer in the store, hashing both the compressed
 * blob (its digest) and the tar itself (its diff id) on the way. The tar is deterministic: entries in
 * the order given, no user or group names, the times the entries carry.
 */
final class LayerWriter implements Closeable {
  private final BlobWriter blob;
  private final MessageDigest diffHasher = Digest.newHasher();
  private final TarArchiveOutputStream tar;

  LayerWriter(ImageStore store) throws IOException {
    this.blob = store.newBlob();
    OutputStream gzip = new GZIPOutputStream(new NonClosing(blob), 1 << 16);
    this.tar = new TarArchiveOutputStream(new DigestOutputStream(gzip, diffHasher), "UTF-8");
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.setAddPaxHeadersForNonAsciiNames(true);
  }

  /** One layer in the store: the compressed blob and the digest of its uncompressed tar. */
  record Layer(Descriptor blob, Digest diffId) {}

  void add(Entry entry) throws IOException {
    TarArchiveEntry header = header(entry);
    header.setMode(entry.metadata().mode());
    header.setUserId(entry.metadata().uid());
    header.setGroupId(entry.metadata().gid());
    header.setUserName("");
    header.setGroupName("");
    header.setModTime(entry.metadata().mtimeSeconds() * 1000);
    tar.putArchiveEntry(header);
    if (entry instanceof Entry.RegularFile f) {
      try (InputStream in = f.content().open()) {
        long copied = in.transferTo(tar);
        if (copied != f.size()) {
          throw new IOException(f.path() + " changed while it was read (" + copied + " bytes, expected " + f.size() + ")");
        }
      }
    }
    tar.closeArchiveEntry();
  }

  private static TarArchiveEntry header(Entry entry) {
    if (entry instanceof Entry.RegularFile f) {
      TarArchiveEntry h = new TarArchiveEntry(f.path(), TarConstants.LF_NORMAL, true);
      h.setSize(f.size());
      return h;
    } else if (entry instanceof Entry.Directory d) {
      return new TarArchiveEntry(d.path() + "/", TarConstants.LF_DIR, true);
    } else if (entry instanceof Entry.Symlink s) {
      return link(s.path(), TarConstants.LF_SYMLINK, s.target());
    } else if (entry instanceof Entry.HardLink l) {
      return link(l.path(), TarConstants.LF_LINK, l.target());
    } else if (entry instanceof Entry.Device d) {
      TarArchiveEntry h = new TarArchiveEntry(d.path(),
          d.kind() == Entry.DeviceKind.BLOCK ? TarConstants.LF_BLK : TarConstants.LF_CHR, true);
      h.setDevMajor(d.major());
      h.setDevMinor(d.minor());
      return h;
    } else {
      return new TarArchiveEntry(entry.path(), TarConstants.LF_FIFO, true);
    }
  }

  private static TarArchiveEntry link(String path, byte type, String target) {
    TarArchiveEntry h = new TarArchiveEntry(path, type, true);
    h.setLinkName(target);
    return h;
  }

  /** Ends the tar, moves the blob into place and returns the layer. */
  Layer finish() throws IOException {
    tar.close();
    Digest digest = blob.commit();
    return new Layer(new Descriptor(MediaTypes.OCI_LAYER_GZIP, digest, blob.size()), Digest.fromHash(diffHasher.digest()));
  }

  @Override
  public void close() throws IOException {
    blob.close();
  }

  /** Lets the tar and gzip streams close without closing the blob, which {@link #finish} commits. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
