package dev.imgc.fs.tar;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/** Encodes pax extended header records: {@code "LENGTH KEY=VALUE\n"}, LENGTH counting itself. */
final class PaxRecords {
  private PaxRecords() {}

  static byte[] encode(Map<String, String> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    records.forEach((key, value) -> out.writeBytes(record(key, value)));
    return out.toByteArray();
  }

  private static byte[] record(String key, String value) {
    int body = TarWriter.utf8(" " + key + "=" + value + "\n").length;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++; // adding the length's own digits carried it to one more digit
    }
    return TarWriter.utf8(length + " " + key + "=" + value + "\n");
  }
}
