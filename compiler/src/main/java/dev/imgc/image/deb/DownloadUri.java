package dev.imgc.image.deb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where apt would fetch one package from, as {@code apt-get download --print-uris} prints it:
 * {@code 'URI' FILE SIZE HASH}.
 */
record DownloadUri(URI uri, String fileName, long size) {
  private static final Pattern LINE = Pattern.compile("^'([^']+)' (\\S+) (\\d+)\\b.*$", Pattern.MULTILINE);

  /** The mirror's name in messages: its host, and port if it has one. */
  String mirror() {
    return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }

  static List<DownloadUri> parseAll(String printed) {
    List<DownloadUri> uris = new ArrayList<>();
    Matcher line = LINE.matcher(printed);
    while (line.find()) {
      uris.add(new DownloadUri(URI.create(line.group(1)), line.group(2), Long.parseLong(line.group(3))));
    }
    return uris;
  }
}
