package dev.imgc.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that lists each member's {@code SCHILY.xattr.NAME} pax records (GNU tar's and star's
 * extended attributes) with their values as the archive's bytes: the tar library decodes pax values
 * as UTF-8, turning a binary value's bytes into U+FFFD, so the records are read here from what the
 * library reads for a member's pax header ({@code x} or {@code X}). The library reads that header
 * through {@link #readRecord()} and its records through {@link #read(byte[], int, int)}, within
 * {@link #getNextEntry()}; what it reads after such a header and before the next header is the records.
 * A header with more than {@link #MAX_RECORD_BYTES} of records is damage.
 */
final class PaxBytesTarInputStream extends TarArchiveInputStream {
  /** Far past a Linux file's attributes (64 KiB each, 64 KiB of names). */
  static final int MAX_RECORD_BYTES = 4 << 20;
  private static final String SCHILY = "SCHILY.xattr.";

  private final ByteArrayOutputStream records = new ByteArrayOutputStream();
  private boolean inHeaders;
  private boolean keeping;
  private Map<String, String> xattrs = Map.of();

  PaxBytesTarInputStream(InputStream in) {
    super(in, "UTF-8");
  }

  /** The last member's attributes: name (GNU tar's {@code %3D} and {@code %25} undone) to the value in hex. */
  Map<String, String> xattrs() {
    return xattrs;
  }

  @Override
  public TarArchiveEntry getNextEntry() throws IOException {
    if (inHeaders) {
      return super.getNextEntry(); // the library's own call past a pax header
    }
    inHeaders = true;
    records.reset();
    try {
      TarArchiveEntry entry = super.getNextEntry();
      xattrs = hexXattrs(records.toByteArray());
      return entry;
    } finally {
      inHeaders = false;
      keeping = false;
    }
  }

  @Override
  protected byte[] readRecord() throws IOException {
    byte[] header = super.readRecord();
    keeping = inHeaders && header != null && header.length > 156 && (header[156] == 'x' || header[156] == 'X');
    return header;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (keeping && n > 0) {
      if (records.size() + n > MAX_RECORD_BYTES) {
        throw new IOException("a tar member's pax header holds more than " + (MAX_RECORD_BYTES >> 20) + " MiB of records");
      }
      records.write(buffer, offset, n);
    }
    return n;
  }

  /** Walks the records by their lengths; one whose length does not fit is damage. */
  private static Map<String, String> hexXattrs(byte[] pax) throws IOException {
    Map<String, String> found = new TreeMap<>();
    for (int start = 0; start < pax.length; ) {
      if (pax[start] == '\n') {
        start++; // an empty line, which tar readers pass over
        continue;
      }
      int space = start;
      while (space < pax.length && space - start < 10 && pax[space] >= '0' && pax[space] <= '9') {
        space++;
      }
      int length = space == start || space - start >= 10 || space >= pax.length || pax[space] != ' ' ? -1
          : Integer.parseInt(new String(pax, start, space - start, StandardCharsets.US_ASCII));
      if (length <= space - start + 1 || start + length > pax.length || pax[start + length - 1] != '\n') {
        throw new IOException("a tar member's pax header holds a record whose length does not fit it");
      }
      byte[] record = Arrays.copyOfRange(pax, space + 1, start + length - 1);
      String text = new String(record, StandardCharsets.ISO_8859_1); // one char a byte, to find '=' and the key
      int equals = text.indexOf('=');
      String key = equals < 0 ? "" : new String(record, 0, equals, StandardCharsets.UTF_8);
      if (key.startsWith(SCHILY)) {
        String name = key.substring(SCHILY.length()).replace("%3D", "=").replace("%25", "%");
        found.put(name, HexFormat.of().formatHex(record, equals + 1, record.length));
      }
      start += length;
    }
    return found;
  }
}
