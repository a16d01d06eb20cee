package dev.imgc.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that gives each member the extended attributes its pax headers hold, with their values
 * as the archive's bytes ({@link PaxXattr}: GNU tar's and star's {@code SCHILY.xattr.NAME}, libarchive's
 * {@code LIBARCHIVE.xattr.NAME}), and reads pax global headers ({@code g}) as POSIX has them
 * ({@link PaxGlobals}). The tar library decodes pax values as UTF-8, turning a binary value's bytes
 * into U+FFFD, and applies a global header read just before a member's own over the member's own; so
 * the records are read here from what the library reads for each header ({@code x}, {@code X} or
 * {@code g}), and the fields a listing shows are set again where a global header came before the
 * member. The library reads such a header through {@link #readRecord()} and its records through
 * {@link #read(byte[], int, int)}, within {@link #getNextEntry()}; what it reads after such a header
 * and before the next header is the records. Headers with more than {@link #MAX_RECORD_BYTES} of
 * records before one member, or in all global headers, are damage.
 */
final class PaxBytesTarInputStream extends TarArchiveInputStream {
  /** Far past a Linux file's attributes (64 KiB each, 64 KiB of names). */
  static final int MAX_RECORD_BYTES = 4 << 20;

  /** One pax header read before the member: whether it is global, and its records' bytes. */
  private record Header(boolean global, ByteArrayOutputStream records) {}

  private final Budget budget;
  private final PaxGlobals globals = new PaxGlobals();
  private final List<Header> headers = new ArrayList<>();
  private Header keeping;
  private long memberRecordBytes;
  private long globalRecordBytes;
  private boolean inHeaders;
  private SortedMap<String, String> xattrs = Collections.emptySortedMap();

  /** {@code budget} is charged for the global attributes each member is listed with. */
  PaxBytesTarInputStream(InputStream in, Budget budget) {
    super(in, "UTF-8");
    this.budget = budget;
  }

  /** The last member's attributes: name to the value in hex. */
  SortedMap<String, String> xattrs() {
    return xattrs;
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (inHeaders) {
      return super.getNextEntry(); // the library's own call past a pax header
    }
    inHeaders = true;
    headers.clear();
    memberRecordBytes = 0;
    try {
      TarArchiveEntry entry = super.getNextEntry();
      List<PaxRecord> own = new ArrayList<>();
      boolean afterGlobal = false;
      for (Header header : headers) {
        List<PaxRecord> records = PaxRecord.parse(header.records().toByteArray());
        if (header.global()) {
          globals.apply(records);
          afterGlobal = true;
        } else {
          own.addAll(records);
        }
      }
      xattrs = globals.xattrs(own);
      if (entry != null) {
        budget.expand(globals.costPerMember());
        if (afterGlobal) {
          for (Map.Entry<String, String> field : globals.fields(own).entrySet()) {
            entry.addPaxHeader(field.getKey(), field.getValue());
          }
        }
      }
      return entry;
    } finally {
      inHeaders = false;
      keeping = null;
    }
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] header = super.readRecord();
    byte type = inHeaders && header != null && header.length > 156 ? header[156] : 0;
    keeping = type == 'x' || type == 'X' || type == 'g' ? new Header(type == 'g', new ByteArrayOutputStream()) : null;
    if (keeping != null) {
      headers.add(keeping);
    }
    return header;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (keeping != null && n > 0) {
      memberRecordBytes += n;
      globalRecordBytes += keeping.global() ? n : 0;
      if (memberRecordBytes > MAX_RECORD_BYTES || globalRecordBytes > MAX_RECORD_BYTES) {
        throw new IOException((keeping.global() ? "a tar's pax global headers hold" : "a tar member's pax headers hold")
            + " more than " + (MAX_RECORD_BYTES >> 20) + " MiB of records");
      }
      keeping.records().write(buffer, offset, n);
    }
    return n;
  }
}
