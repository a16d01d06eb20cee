package dev.imgc.image.registry;

import dev.imgc.image.ImageException;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.store.Backoff;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.Progress;
import dev.imgc.image.store.ProgressInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Uploads one blob as the distribution API's chunked upload: POST opens an upload session, each chunk
 * is a PATCH with its {@code Content-Range}, and a PUT with the digest closes it (the registry checks
 * the digest). After a broken connection it asks the session how much it holds (a GET answered with
 * {@code Range: 0-N}) and goes on from there; a registry that dropped the session (as Docker's
 * distribution does when a chunk was cut half way) gets a new one, from the first byte.
 */
final class BlobUpload {
  /** Big enough that a layer takes few requests, small enough that a cut costs little. */
  static final long CHUNK = 16L << 20;

  private final RegistryClient client;
  private final Descriptor blob;
  private final BlobSource source;
  private final Progress progress;
  private final long chunk;

  BlobUpload(RegistryClient client, Descriptor blob, BlobSource source, Progress progress) {
    this(client, blob, source, progress, CHUNK);
  }

  BlobUpload(RegistryClient client, Descriptor blob, BlobSource source, Progress progress, long chunk) {
    this.client = client;
    this.blob = blob;
    this.source = source;
    this.progress = progress;
    this.chunk = chunk;
  }

  private String what() {
    return "an upload of " + blob.digest() + " to " + client.repository();
  }

  void run() throws IOException {
    progress.start("pushing " + blob.digest().shortHex(), blob.size());
    try {
      URI session = open();
      long offset = 0;
      for (int failures = 0; ; ) {
        try {
          session = send(session, offset);
          break;
        } catch (IOException | ImageException e) {
          if (++failures >= client.attempts()) {
            throw e;
          }
          Backoff.pause(failures);
          Optional<Held> held = held(session);
          session = held.map(Held::session).orElseGet(this::openUnchecked);
          offset = held.map(Held::bytes).orElse(0L);
          progress.start("pushing " + blob.digest().shortHex() + " (from byte " + offset + ")", blob.size());
          progress.advance(offset);
        }
      }
      close(session);
    } finally {
      progress.done();
    }
  }

  /** Opens an upload session; returns where its chunks go. */
  private RegistryClient.Request opening() {
    return new RegistryClient.Request("POST", client.uploads(), client.push(), what()).body(BodyPublishers.noBody());
  }

  private URI open() throws IOException {
    HttpResponse<InputStream> response = client.call(opening());
    response.body().close();
    if (response.statusCode() != 202) {
      throw client.refused(response.statusCode(), what());
    }
    return location(response, client.uploads());
  }

  private URI openUnchecked() {
    try {
      return open();
    } catch (IOException e) {
      throw new ImageException(client.failure(e, opening(), 1), e);
    }
  }

  /** Sends the bytes from {@code offset} on, chunk by chunk; returns the session's last location. */
  private URI send(URI session, long offset) throws IOException {
    try (InputStream in = source.open(blob)) {
      in.skipNBytes(offset);
      for (long at = offset; at < blob.size(); ) {
        long length = Math.min(chunk, blob.size() - at);
        InputStream slice = new ProgressInputStream(new ChunkInputStream(in, length), progress);
        HttpResponse<InputStream> response = client.call(new RegistryClient.Request("PATCH", session, client.push(), what())
            .header("Content-Type", "application/octet-stream")
            .header("Content-Range", at + "-" + (at + length - 1))
            .body(BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(() -> slice), length)));
        response.body().close();
        if (response.statusCode() != 202) {
          throw client.refused(response.statusCode(), what());
        }
        session = location(response, session);
        at += length;
      }
    }
    return session;
  }

  private void close(URI session) throws IOException {
    String separator = session.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(session + separator + "digest=" + RegistryClient.encode(blob.digest().toString()));
    HttpResponse<InputStream> response = client.call(new RegistryClient.Request("PUT", put, client.push(), what())
        .header("Content-Type", "application/octet-stream").body(BodyPublishers.noBody()).retried());
    response.body().close();
    if (response.statusCode() != 201) {
      throw client.refused(response.statusCode(), what());
    }
  }

  private record Held(URI session, long bytes) {}

  /** How much of the upload the registry holds, or empty if it no longer knows the session. */
  private Optional<Held> held(URI session) throws IOException {
    HttpResponse<InputStream> response = client.call(new RegistryClient.Request("GET", session, client.push(), what()));
    response.body().close();
    if (response.statusCode() != 204) {
      return Optional.empty();
    }
    long bytes = response.headers().firstValue("Range").map(BlobUpload::end).orElse(-1L) + 1;
    return Optional.of(new Held(location(response, session), bytes));
  }

  /** The end of a {@code Range: 0-N} header (bytes 0 to N are held), -1 for none. */
  static long end(String range) {
    String value = range.trim().replaceFirst("^bytes=", "");
    int dash = value.indexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(value.substring(dash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static URI location(HttpResponse<InputStream> response, URI against) {
    return response.headers().firstValue("Location").map(against::resolve).orElse(against);
  }
}
