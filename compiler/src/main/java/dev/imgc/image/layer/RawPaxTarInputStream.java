package dev.imgc.image.layer;

import dev.imgc.fs.XattrValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Commons Compress's tar reader, which also gives each member's extended attributes with their values
 * as raw bytes ({@link #xattrs()}). The library decodes every pax value as UTF-8, so a value that is
 * not text (a {@code security.capability} struct, a {@code security.selinux} label ending in a NUL)
 * would come out of it with U+FFFD in place of its bytes; the attributes are read instead from the
 * bytes of the records themselves ({@link PaxXattrs}).
 *
 * <p>While {@link #getNextEntry()} runs, the library reads each 512-byte header through
 * {@link #readRecord()} and the records of a pax header through {@link #read(byte[], int, int)}; so what
 * is read after a header of type {@code x} (or {@code X}) up to the next header is the records of the
 * member that follows, and after a {@code g} header, records for every member after it. Only bytes the
 * library reads as headers are kept, so the caller's bound on those bounds them too; the global
 * attributes, which add up from one global header to the next, are bounded here.
 */
final class RawPaxTarInputStream extends TarArchiveInputStream {
  private static final int TYPE_FLAG = 156;

  private final int maxGlobalBytes;
  private final ByteArrayOutputStream local = new ByteArrayOutputStream();
  private final ByteArrayOutputStream global = new ByteArrayOutputStream();
  private final SortedMap<String, XattrValue> globalXattrs = new TreeMap<>();
  private long globalXattrBytes;
  /** Where what is read now is kept: {@link #local}, {@link #global}, or nowhere. */
  private ByteArrayOutputStream keeping;
  /** getNextEntry calls itself once past each pax header. */
  private int depth;
  private SortedMap<String, XattrValue> xattrs = Collections.emptySortedMap();

  /** @param maxGlobalBytes what the global headers' attributes, names and values, may add up to */
  RawPaxTarInputStream(InputStream in, int maxGlobalBytes) {
    super(in, "UTF-8");
    this.maxGlobalBytes = maxGlobalBytes;
  }

  /** The extended attributes of the member {@link #getNextEntry()} returned last, by name. */
  SortedMap<String, XattrValue> xattrs() {
    return xattrs;
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (depth == 0) {
      local.reset();
      global.reset();
    }
    depth++;
    try {
      TarArchiveEntry entry = super.getNextEntry();
      if (depth == 1) {
        keeping = null;
        xattrs = entry == null ? Collections.emptySortedMap() : memberXattrs();
      }
      return entry;
    } finally {
      depth--;
    }
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] record = super.readRecord();
    keeping = depth == 0 || record == null || record.length <= TYPE_FLAG ? null : switch (record[TYPE_FLAG]) {
      case 'x', 'X' -> local;
      case 'g' -> global;
      default -> null;
    };
    return record;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0 && keeping != null) {
      keeping.write(buffer, offset, n);
    }
    return n;
  }

  private SortedMap<String, XattrValue> memberXattrs() throws IOException {
    if (global.size() > 0) {
      for (var xattr : PaxXattrs.parse(global.toByteArray()).entrySet()) {
        XattrValue replaced = globalXattrs.put(xattr.getKey(), xattr.getValue());
        globalXattrBytes += size(xattr.getKey(), xattr.getValue()) - (replaced == null ? 0 : size(xattr.getKey(), replaced));
      }
      if (globalXattrBytes > maxGlobalBytes) {
        throw new IOException("the global pax headers of a tar archive give extended attributes of more than "
            + (maxGlobalBytes >> 20) + " MiB; no file system's archive needs that many, so the archive is not read");
      }
    }
    SortedMap<String, XattrValue> own = local.size() == 0 ? Collections.emptySortedMap() : PaxXattrs.parse(local.toByteArray());
    if (globalXattrs.isEmpty()) {
      return own;
    }
    SortedMap<String, XattrValue> all = new TreeMap<>(globalXattrs);
    all.putAll(own);
    return Collections.unmodifiableSortedMap(all);
  }

  private static long size(String name, XattrValue value) {
    return name.length() + value.length();
  }
}
