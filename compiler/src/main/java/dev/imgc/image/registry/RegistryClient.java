package dev.imgc.image.registry;

import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.Descriptor;
import dev.imgc.image.oci.Digest;
import dev.imgc.image.oci.MediaTypes;
import dev.imgc.image.oci.OciJson;
import dev.imgc.image.store.Backoff;
import dev.imgc.image.store.BlobSource;
import dev.imgc.image.store.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client of the OCI distribution API (and Docker's registry v2) for one repository: it resolves
 * a tag or digest to a manifest and streams blobs, and pushes blobs (skipped when the registry has
 * them, mounted from another repository when it can, uploaded in resumable chunks otherwise) and
 * manifests. Authentication follows the registry's {@code WWW-Authenticate} challenge: anonymous
 * first, then a Bearer token from the challenge's realm for the access asked (pull, or pull and push),
 * obtained with the {@link RegistryCredentials} the user keeps, or Basic credentials directly. A
 * token refused later (it expired) is fetched again once.
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
  private final RegistryCredentials credentials;
  private final TokenService tokens;
  private final Map<List<String>, String> authorization = new ConcurrentHashMap<>();

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
    this.credentials = RegistryCredentials.load(environment);
    this.http = HttpClient.newBuilder()
        .connectTimeout(timeouts.connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.tokens = new TokenService(this::exchange, timeouts);
  }

  /** A client of {@code endpoint}, which speaks plain HTTP when registries.conf says so or {@code insecureRegistries} name it. */
  public static RegistryClient at(RegistriesConf.Endpoint endpoint, Set<String> insecureRegistries, Map<String, String> environment,
      NetworkTimeouts timeouts) {
    Set<String> insecure = new java.util.HashSet<>(insecureRegistries);
    if (endpoint.insecure()) {
      insecure.add(endpoint.registry());
    }
    return new RegistryClient(endpoint.registry(), endpoint.repository(), insecure, environment, timeouts);
  }

  static boolean plainHttp(String registry, Set<String> insecureRegistries) {
    String host = registry.replaceFirst(":\\d+$", "");
    return insecureRegistries.contains(registry) || insecureRegistries.contains(host)
        || host.equals("localhost") || host.matches("127\\.\\d+\\.\\d+\\.\\d+") || host.equals("[::1]");
  }

  public String registry() {
    return registry;
  }

  public String repository() {
    return repository;
  }

  /** The manifest or index {@code reference} (a tag or {@code sha256:…}) names, with its bytes. */
  public record Resolved(Descriptor descriptor, byte[] bytes) {}

  public Resolved resolve(String reference) throws IOException {
    String what = repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    HttpResponse<InputStream> response = get("manifests/" + reference, MediaTypes.MANIFEST_ACCEPT, what);
    byte[] bytes;
    try (InputStream in = response.body()) {
      bytes = in.readNBytes(16 << 20);
    }
    Digest digest = Digest.of(bytes);
    if (reference.startsWith("sha256:") && !digest.equals(Digest.parse(reference))) {
      throw new ImageException("registry " + registry + " answered " + what + " with a manifest whose digest is " + digest);
    }
    String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
        .filter(t -> MediaTypes.isIndex(t) || MediaTypes.isManifest(t) || t.equals(MediaTypes.OCI_MANIFEST))
        .orElseGet(() -> mediaTypeInside(bytes, what));
    return new Resolved(new Descriptor(mediaType, digest, bytes.length), bytes);
  }

  /** Like {@link #resolve}, but empty where the registry has no such tag or digest (404). */
  public Optional<Resolved> find(String reference) throws IOException {
    try {
      return Optional.of(resolve(reference));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  private static String mediaTypeInside(byte[] bytes, String what) {
    try {
      String inside = OciJson.mapper().readTree(bytes).path("mediaType").asText("");
      if (MediaTypes.isIndex(inside) || MediaTypes.isManifest(inside)) {
        return inside;
      }
      return OciJson.mapper().readTree(bytes).has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
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
        return get(path, manifest ? descriptor.mediaType() : "*/*", repository + "@" + descriptor.digest()).body();
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

  /** Whether the repository holds the blob {@code digest} (a HEAD request). */
  public boolean hasBlob(Digest digest) throws IOException {
    HttpResponse<InputStream> response = call(new Request("HEAD", base.resolve("blobs/" + digest), push(),
        repository + "@" + digest));
    response.body().close();
    return switch (response.statusCode()) {
      case 200 -> true;
      case 404 -> false;
      default -> throw refused(response.statusCode(), repository + "@" + digest);
    };
  }

  /**
   * Asks the registry to link the blob {@code digest} it keeps for repository {@code from} into this
   * one, without sending its bytes; false if it would not (the upload it opened instead is dropped).
   */
  public boolean mountBlob(Digest digest, String from) throws IOException {
    URI uri = base.resolve("blobs/uploads/?mount=" + encode(digest.toString()) + "&from=" + encode(from));
    HttpResponse<InputStream> response = call(new Request("POST", uri, List.of(push().get(0), "repository:" + from + ":pull"), "a mount of " + digest + " from " + from)
        .body(BodyPublishers.noBody()));
    response.body().close();
    if (response.statusCode() == 201) {
      return true;
    }
    if (response.statusCode() == 202) {
      Optional<String> location = response.headers().firstValue("Location");
      if (location.isPresent()) {
        call(new Request("DELETE", uri.resolve(location.get()), push(), "an unused upload")).body().close();
      }
      return false;
    }
    throw refused(response.statusCode(), "a mount of " + digest + " from " + from);
  }

  /** Uploads {@code blob}'s bytes from {@code source}, in chunks, resuming after a broken connection. */
  public void pushBlob(Descriptor blob, BlobSource source, Progress progress) throws IOException {
    new BlobUpload(this, blob, source, progress).run();
  }

  /** Stores {@code bytes} as the manifest (or index) {@code reference}, a tag or the digest. */
  public void putManifest(String reference, Descriptor descriptor, byte[] bytes) throws IOException {
    String what = repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    HttpResponse<InputStream> response = call(new Request("PUT", base.resolve("manifests/" + reference), push(), what)
        .header("Content-Type", descriptor.mediaType()).body(BodyPublishers.ofByteArray(bytes)).retried());
    response.body().close();
    if (response.statusCode() != 201 && response.statusCode() != 200) {
      throw refused(response.statusCode(), what);
    }
  }

  int attempts() {
    return timeouts.attempts();
  }

  URI uploads() {
    return base.resolve("blobs/uploads/");
  }

  /** The token scopes reading this repository needs. */
  List<String> pull() {
    return List.of("repository:" + repository + ":pull");
  }

  /** The token scopes writing to this repository needs. */
  List<String> push() {
    return List.of("repository:" + repository + ":pull,push");
  }

  /**
   * One request: the method, where, the token scopes it needs, what it is about (for messages),
   * headers and a body. A request is tried again on failure only if it is {@code repeatable}: a body
   * streamed from a blob is resumed by its {@link BlobUpload} instead.
   */
  record Request(String method, URI uri, List<String> scopes, String what, Map<String, String> headers, BodyPublisher body,
      boolean repeatable) {
    Request(String method, URI uri, List<String> scopes, String what) {
      this(method, uri, scopes, what, Map.of(), BodyPublishers.noBody(), !method.equals("PATCH"));
    }

    Request header(String name, String value) {
      Map<String, String> more = new TreeMap<>(headers);
      more.put(name, value);
      return new Request(method, uri, scopes, what, Map.copyOf(more), body, repeatable);
    }

    Request body(BodyPublisher publisher) {
      return new Request(method, uri, scopes, what, headers, publisher, repeatable);
    }

    Request retried() {
      return new Request(method, uri, scopes, what, headers, body, true);
    }
  }

  /** GETs {@code path} under the repository, authenticating and retrying as needed; returns a 200 response. */
  private HttpResponse<InputStream> get(String path, String accept, String what) throws IOException {
    HttpResponse<InputStream> response = call(new Request("GET", base.resolve(path), pull(), what).header("Accept", accept));
    if (response.statusCode() == 200) {
      return response;
    }
    response.body().close();
    throw refused(response.statusCode(), what);
  }

  /**
   * Sends {@code request}, answering an authentication challenge and following redirects, trying
   * again after failures and 5xx/429 answers as long as the request is repeatable; returns the answer,
   * whatever its status, for the caller to judge.
   */
  HttpResponse<InputStream> call(Request request) throws IOException {
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= timeouts.attempts() || !request.repeatable();
      HttpResponse<InputStream> response;
      try {
        response = send(request, request.uri(), true);
        if (response.statusCode() == 401 && authenticate(response, request)) {
          response.body().close();
          response = send(request, request.uri(), true);
        }
        URI at = request.uri();
        for (int hops = 0; isRedirect(response.statusCode()) && request.method().equals("GET") && hops < 5; hops++) {
          at = at.resolve(response.headers().firstValue("Location").orElseThrow(() ->
              new IOException("registry " + registry + " redirected without a Location")));
          response.body().close();
          // Blob storage behind a redirect gets no registry credentials.
          response = send(request, at, false);
        }
      } catch (IOException | UnresolvedAddressException e) {
        if (isUnknownHost(e)) {
          throw new ImageException("the registry host " + registry + " is unknown");
        }
        if (last) {
          throw new ImageException(failure(e, request, attempt), e);
        }
        Backoff.pause(attempt);
        continue;
      }
      int status = response.statusCode();
      if ((status >= 500 || status == 429) && !last) {
        response.body().close();
        Backoff.sleep(retryWait(response, attempt));
        continue;
      }
      return response;
    }
  }

  /** The exception for an answer {@code status} that the request could not use. */
  ImageException refused(int status, String what) {
    return switch (status) {
      case 401, 403 -> new ImageException("registry " + registry + " refused access to " + what + " (" + status
          + "); check the name, or log in (docker login, podman login) so imgc finds credentials");
      case 404 -> new NotFoundException("registry " + registry + " has no " + what + " (404); check the name and tag");
      default -> new ImageException("registry " + registry + " answered " + status + " for " + what
          + (status >= 500 || status == 429 ? " (tried " + timeouts.attempts() + " times)" : ""));
    };
  }

  /** A 404: what was asked for is not in the registry. */
  public static final class NotFoundException extends ImageException {
    NotFoundException(String message) {
      super(message);
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
  String failure(Throwable e, Request request, int attempts) {
    String tried = " (" + (request.method().equals("GET") ? "reading " : "") + request.what() + ", tried " + attempts + (attempts == 1 ? " time)" : " times)");
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

  /** One exchange, its answer's body bounded by the idle timeout. */
  private HttpResponse<InputStream> send(Request request, URI uri, boolean authorize) throws IOException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).method(request.method(), request.body()).timeout(timeouts.idle());
    request.headers().forEach(builder::header);
    String auth = authorization.get(request.scopes());
    if (authorize && auth != null) {
      builder.header("Authorization", auth);
    }
    return exchange(builder.build(), "the registry " + registry + " stalled: nothing arrived for "
        + NetworkTimeouts.describe(timeouts.idle()) + (request.method().equals("GET") ? " while it sent " : " during ") + request.what());
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

  /**
   * Answers a 401's challenge; false if there is nothing more to try: no usable challenge, no
   * credentials for a Basic one, or a Bearer token that is the one just refused.
   */
  private boolean authenticate(HttpResponse<InputStream> response, Request request) throws IOException {
    Optional<Challenge> challenge = Challenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null));
    if (challenge.isEmpty()) {
      return false;
    }
    String refused = authorization.get(request.scopes());
    Optional<RegistryCredentials.Credential> credential = credentials.find(registry, repository);
    String fresh;
    if (challenge.get().scheme().equals("basic")) {
      Optional<String> basic = credential.flatMap(RegistryCredentials.Credential::basicHeader);
      if (basic.isEmpty()) {
        return false;
      }
      fresh = basic.get();
    } else if (challenge.get().scheme().equals("bearer") && challenge.get().parameters().containsKey("realm")) {
      fresh = "Bearer " + tokens.token(challenge.get(), request.scopes(), credential, request.what());
    } else {
      return false;
    }
    if (fresh.equals(refused)) {
      return false;
    }
    authorization.put(request.scopes(), fresh);
    return true;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
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
