package dev.imgc.image.registry;

import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.Backoff;
import dev.imgc.image.store.BlobSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the OCI distribution API (and Docker's registry v2) for one repository: it resolves
 * a tag or digest to a manifest and streams blobs. Authentication follows the registry's
 * {@code WWW-Authenticate} challenge: anonymous first, then a Bearer token from the challenge's realm
 * (with Basic credentials from docker's config.json if there are any), or Basic directly.
 *
 * <p>Plain HTTP is used for localhost and 127.0.0.0/8, as Docker does, and for registries named
 * insecure; HTTPS otherwise. Every request is bounded by the {@link NetworkTimeouts}: the connection
 * must open within the connect timeout, and no wait for the answer's headers or for the next bytes of
 * its body may exceed the idle timeout. 5xx answers, 429, timeouts and broken connections are tried
 * again with backoff, or after the wait a {@code Retry-After} header asks for, up to a cap.
 */
public final class RegistryClient {
  private final HttpClient http;
  private final NetworkTimeouts timeouts;
  private final String registry;
  private final String repository;
  private final URI base;
  private final DockerCredentials credentials;
  private final Map<String, String> authorization = new ConcurrentHashMap<>();

  /**
   * @param registry the reference's domain: {@code docker.io}, {@code localhost:5000}
   * @param repository the reference's path: {@code library/alpine}
   */
  public RegistryClient(String registry, String repository, Set<String> insecureRegistries, Map<String, String> environment,
      NetworkTimeouts timeouts) {
    this.registry = registry;
    this.timeouts = timeouts;
    this.repository = repository;
    String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
    this.base = URI.create((plainHttp(registry, insecureRegistries) ? "http://" : "https://") + host + "/v2/" + repository + "/");
    this.credentials = DockerCredentials.load(environment);
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  static boolean plainHttp(String registry, Set<String> insecureRegistries) {
    String host = registry.replaceFirst(":\\d+$", "");
    return insecureRegistries.contains(registry) || insecureRegistries.contains(host)
        || host.equals("localhost") || host.matches("127\\.\\d+\\.\\d+\\.\\d+") || host.equals("[::1]");
  }

  /** The manifest or index {@code reference} (a tag or {@code sha256:…}) names, with its bytes. */
  public record Resolved(Descriptor descriptor, byte[] bytes) {}

  public Resolved resolve(String reference) throws IOException {
    String what = repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    HttpResponse<InputStream> response = send("manifests/" + reference, MediaTypes.MANIFEST_ACCEPT, what);
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(16 << 20);
    }
    Digest digest = Digest.of(bytes);
    if (reference.startsWith("sha256:") && !digest.equals(Digest.parse(reference))) {
      throw new ImageException("registry " + registry + " answered " + what + " with a manifest whose digest is " + digest);
    }
    String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
        .filter(t -> MediaTypes.isIndex(t) || MediaTypes.isManifest(t))
        .orElseGet(() -> mediaTypeInside(bytes, what));
    return new Resolved(new Descriptor(mediaType, digest, bytes.length), bytes);
  }

  private static String mediaTypeInside(byte[] bytes, String what) {
    try {
      String inside = OciJson.MAPPER.readTree(bytes).path("mediaType").asText("");
      if (MediaTypes.isIndex(inside) || MediaTypes.isManifest(inside)) {
        return inside;
      }
      return OciJson.MAPPER.readTree(bytes).has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    } catch (IOException e) {
      throw new ImageException("registry answered " + what + " with something that is not a manifest");
    }
  }

  /** The repository's blobs (and manifests by digest), for {@link dev.imgc.image.store.ImageCopier}. */
  public BlobSource blobs() {
    return new BlobSource() {
      @Override
      public InputStream open(Descriptor descriptor) throws IOException {
        boolean manifest = MediaTypes.isIndex(descriptor.mediaType()) || MediaTypes.isManifest(descriptor.mediaType());
        String path = (manifest ? "manifests/" : "blobs/") + descriptor.digest();
        return send(path, manifest ? descriptor.mediaType() : "*/*", repository + "@" + descriptor.digest()).body();
      }

      @Override
      public String name() {
        return "registry " + registry;
      }

      @Override
      public int attempts() {
        return timeouts.attempts();
      }
    };
  }

  /** GETs {@code path} under the repository, authenticating and retrying as needed; returns a 200 response. */
  private HttpResponse<InputStream> send(String path, String accept, String what) throws IOException {
    URI uri = base.resolve(path);
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= timeouts.attempts();
      HttpResponse<InputStream> response;
      try {
        response = get(uri, accept, true, what);
        if (response.statusCode() == 401 && authenticate(response, what)) {
          response.body().close();
          response = get(uri, accept, true, what);
        }
        for (int hops = 0; isRedirect(response.statusCode()) && hops < 5; hops++) {
          URI location = uri.resolve(response.headers().firstValue("Location").orElseThrow(() ->
              new IOException("registry " + registry + " redirected without a Location")));
          response.body().close();
          // Blob storage behind a redirect gets no registry credentials.
          response = get(location, accept, false, what);
        }
      } catch (IOException | UnresolvedAddressException e) {
        if (isUnknownHost(e)) {
          throw new ImageException("the registry host " + registry + " is unknown");
        }
        if (last) {
          throw new ImageException(failure(e, what, attempt), e);
        }
        Backoff.pause(attempt);
        continue;
      }
      int status = response.statusCode();
      if (status == 200) {
        return response;
      }
      response.body().close();
      if ((status >= 500 || status == 429) && !last) {
        Backoff.sleep(retryWait(response, attempt));
        continue;
      }
      throw new ImageException(switch (status) {
        case 401, 403 -> "registry " + registry + " refused access to " + what + " (" + status
            + "); check the name, or log in with docker login so ~/.docker/config.json holds credentials";
        case 404 -> "registry " + registry + " has no " + what + " (404); check the name and tag";
        default -> "registry " + registry + " answered " + status + " for " + what
            + (status >= 500 || status == 429 ? " (tried " + attempt + " times)" : "");
      });
    }
  }

  /** The wait the server asks for with {@code Retry-After}, up to the cap; else the usual backoff. */
  private Duration retryWait(HttpResponse<InputStream> response, int attempt) {
    Optional<Duration> asked = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now());
    if (asked.isEmpty()) {
      return Backoff.delay(attempt);
    }
    return asked.get().compareTo(timeouts.retryAfterCap()) > 0 ? timeouts.retryAfterCap() : asked.get();
  }

  /** One sentence on a request that failed every attempt: the registry, what went wrong, the object, the fix. */
  private String failure(Throwable e, String what, int attempts) {
    String tried = " (reading " + what + ", tried " + attempts + (attempts == 1 ? " time)" : " times)");
    if (e instanceof HttpConnectTimeoutException) {
      return "the registry " + registry + " did not accept a connection within " + NetworkTimeouts.describe(timeouts.connect())
          + tried + "; raise --connect-timeout if it is merely slow";
    }
    if (e instanceof HttpTimeoutException) {
      return "the registry " + registry + " did not answer within " + NetworkTimeouts.describe(timeouts.idle())
          + tried + "; raise --read-timeout if it is merely slow";
    }
    return "the registry " + registry + (e instanceof ConnectException ? " refused the connection" : " broke the connection: "
        + e.getMessage()) + tried;
  }

  /** One GET, its body bounded by the idle timeout. */
  private HttpResponse<InputStream> get(URI uri, String accept, boolean authorize, String what) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", accept).timeout(timeouts.idle());
    String auth = authorization.get(repository);
    if (authorize && auth != null) {
      request.header("Authorization", auth);
    }
    return exchange(request.build(), "the registry " + registry + " stalled: nothing arrived for "
        + NetworkTimeouts.describe(timeouts.idle()) + " while it sent " + what);
  }

  private HttpResponse<InputStream> exchange(HttpRequest request, String stalled) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while talking to " + request.uri().getHost());
    }
    InputStream body = new IdleTimeoutInputStream(response.body(), timeouts.idle(), stalled);
    return new BodyReplaced(response, body);
  }

  /** Answers a 401's challenge; false if there is nothing more to try. */
  private boolean authenticate(HttpResponse<InputStream> response, String what) throws IOException {
    if (authorization.containsKey(repository)) {
      return false;
    }
    Optional<Challenge> challenge = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
    if (challenge.isEmpty()) {
      return false;
    }
    Optional<String> basic = credentials.basic(registry);
    if (challenge.get().scheme().equals("basic")) {
      basic.ifPresent(b -> authorization.put(repository, b));
      return basic.isPresent();
    }
    if (!challenge.get().scheme().equals("bearer") || !challenge.get().parameters().containsKey("realm")) {
      return false;
    }
    authorization.put(repository, "Bearer " + token(challenge.get(), basic, what));
    return true;
  }

  private String token(Challenge challenge, Optional<String> basic, String what) throws IOException {
    Map<String, String> p = challenge.parameters();
    StringBuilder query = new StringBuilder();
    if (p.containsKey("service")) {
      query.append("service=").append(URLEncoder.encode(p.get("service"), StandardCharsets.UTF_8));
    }
    String scope = p.getOrDefault("scope", "repository:" + repository + ":pull");
    query.append(query.length() > 0 ? "&" : "").append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    String realm = p.get("realm");
    URI uri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(timeouts.idle());
    basic.ifPresent(b -> request.header("Authorization", b));
    byte[] body;
    int status;
    try {
      HttpResponse<InputStream> response = exchange(request.build(), "the token service stalled");
      status = response.statusCode();
      try (InputStream in = response.body()) {
        body = in.readNBytes(1 << 20);
      }
    } catch (HttpTimeoutException e) {
      throw new ImageException("the token service " + uri.getHost() + " did not answer within "
          + NetworkTimeouts.describe(timeouts.idle()) + " (asked for a token for " + what + ")", e);
    } catch (IOException e) {
      throw new ImageException("the token service " + uri.getHost() + " failed: " + e.getMessage(), e);
    }
    if (status != 200) {
      throw new ImageException("the token service " + uri.getHost() + " answered "
          + status + "; check the credentials in ~/.docker/config.json");
    }
    var json = OciJson.MAPPER.readTree(body);
    String token = json.path("token").asText(json.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new ImageException("the token service " + uri.getHost() + " gave no token for " + what);
    }
    return token;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean isUnknownHost(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }
}
