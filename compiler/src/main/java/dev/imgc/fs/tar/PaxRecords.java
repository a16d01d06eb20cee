package dev.imgc.fs.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes pax extended header records: {@code "LENGTH KEY=VALUE\n"}, LENGTH counting itself. Values
 * are bytes: most are UTF-8 text, but an extended attribute's is its raw value.
 */
final class PaxRecords {
  private PaxRecords() {}

  static byte[] encode(Map<String, byte[]> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    records.forEach((key, value) -> record(key, value, out));
    return out.toByteArray();
  }

  private static void record(String key, byte[] value, ByteArrayOutputStream out) {
    byte[] keyword = key.getBytes(StandardCharsets.UTF_8);
    int body = 1 + keyword.length + 1 + value.length + 1; // " KEY=VALUE\n"
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++; // adding the length's own digits carried it to one more digit
    }
    out.writeBytes((length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(keyword);
    out.write('=');
    out.writeBytes(value);
    out.write('\n');
  }
}
