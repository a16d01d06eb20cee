package dev.imgc.image.layer;

import dev.imgc.fs.Metadata;
import dev.imgc.fs.XattrValue;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * The one reader of tar streams (layers, rootfs tarballs, the data of Debian packages, image
 * archives, tarballs inside layers): it reads the members in archive order and hands each, with its
 * content, to a {@link Visitor}, which builds what its caller needs. Members are given as the archive
 * names them; {@link TarMember#path()} places them through {@link MemberPath}, the one rule that
 * keeps a path inside the root.
 *
 * <p>A hostile archive costs bounded memory: the headers of one member (its header blocks, GNU long
 * names, pax records, sparse maps), which the tar library holds in memory, may take at most
 * {@link #MAX_HEADER_BYTES}, and so may the pax records that global headers accumulate; a member's
 * content is never held, only streamed. Extended attributes keep their values' bytes exactly
 * ({@link RawPaxTarInputStream}), in either spelling tar writers use ({@link PaxXattrs}). A truncated
 * or malformed archive is an {@link IOException}.
 */
public final class TarStream {
  /**
   * The most bytes the headers of one member may take. A path is at most a few KiB and a Linux
   * extended attribute at most 64 KiB; a member needing more is not a file system's.
   */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  /** Receives the members of a tar stream, in archive order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * @param content a file's bytes, valid until this call returns (closing it is harmless); what
     *     the visitor does not read is skipped
     */
    void visit(TarMember member, InputStream content) throws IOException;
  }

  private TarStream() {}

  /** Reads every member of {@code tar}, an uncompressed tar stream (not closed here), up to its end-of-archive blocks. */
  public static void read(InputStream tar, Visitor visitor) throws IOException {
    HeaderBudget budget = new HeaderBudget(tar);
    RawPaxTarInputStream in = new RawPaxTarInputStream(budget, MAX_HEADER_BYTES);
    InputStream content = new UnclosableInputStream(in);
    for (TarMember member; (member = next(in, budget)) != null; ) {
      visitor.visit(member, content);
      // The rest of the member is skipped here, so what the next header read costs is headers alone.
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /** The next member, or null at the end of the archive. */
  private static TarMember next(RawPaxTarInputStream in, HeaderBudget budget) throws IOException {
    budget.headers = 0;
    budget.counting = true;
    try {
      TarArchiveEntry entry = in.getNextEntry();
      return entry == null ? null : member(entry, in.xattrs());
    } catch (RuntimeException e) {
      // The tar library's own checks of a malformed header, some of which are unchecked.
      throw new IOException("a tar header cannot be read: " + e.getMessage(), e);
    } finally {
      budget.counting = false;
    }
  }

  private static TarMember member(TarArchiveEntry entry, SortedMap<String, XattrValue> xattrs) throws IOException {
    long pax = 0;
    for (var record : entry.getExtraPaxHeaders().entrySet()) {
      pax += record.getKey().length() + record.getValue().length();
    }
    if (pax > MAX_HEADER_BYTES) {
      throw tooLarge();
    }
    Metadata metadata = new Metadata(entry.getMode() & 07777, (int) entry.getLongUserId(), (int) entry.getLongGroupId(),
        entry.getLastModifiedDate().getTime() / 1000);
    boolean link = entry.isSymbolicLink() || entry.isLink();
    return new TarMember(entry.getName(), kind(entry), (char) entry.getLinkFlag(), metadata,
        link ? entry.getLinkName() : "", entry.getDevMajor(), entry.getDevMinor(), entry.getSize(),
        xattrs);
  }

  /** The kind of a member, tested in the order the tar library's own predicates overlap. */
  private static TarMember.Kind kind(TarArchiveEntry entry) {
    if (entry.isDirectory()) {
      return TarMember.Kind.DIRECTORY;
    } else if (entry.isSymbolicLink()) {
      return TarMember.Kind.SYMLINK;
    } else if (entry.isLink()) {
      return TarMember.Kind.HARD_LINK;
    } else if (entry.isCharacterDevice()) {
      return TarMember.Kind.CHARACTER_DEVICE;
    } else if (entry.isBlockDevice()) {
      return TarMember.Kind.BLOCK_DEVICE;
    } else if (entry.isFIFO()) {
      return TarMember.Kind.FIFO;
    } else if (entry.isFile()) {
      return TarMember.Kind.FILE;
    }
    return TarMember.Kind.OTHER;
  }

  private static IOException tooLarge() {
    return new IOException("the headers of a tar member (long names, pax records) take more than "
        + (MAX_HEADER_BYTES >> 20) + " MiB; no file system's member needs that many, so the archive is not read");
  }

  /** Counts what the tar library reads while it reads a header, and stops it past the budget. */
  private static final class HeaderBudget extends FilterInputStream {
    boolean counting;
    long headers;

    HeaderBudget(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      charge(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      charge(Math.max(n, 0));
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      charge(skipped);
      return skipped;
    }

    @Override
    public void close() {
      // the caller's stream stays open: it may read past the end-of-archive blocks
    }

    private void charge(long n) throws IOException {
      // Beyond the budget: the last member's padding and the header block that names the records.
      if (counting && (headers += n) > MAX_HEADER_BYTES + 2 * 512) {
        throw tooLarge();
      }
    }
  }
}
