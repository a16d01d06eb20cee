package dev.imgc.image.registry;

import dev.imgc.image.ImageException;
import dev.imgc.image.NetworkTimeouts;
import dev.imgc.image.oci.OciJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gets a Bearer token from the realm a registry's challenge names, for the scopes a request needs.
 * With a user name and password it asks as Docker does (a GET with Basic credentials, one
 * {@code scope} parameter per scope); with an identity token (what {@code docker login} keeps for
 * registries that use OAuth 2) it asks as OAuth 2's refresh-token grant (a form POST).
 */
final class TokenService {
  /** Sends one request, its answer's body bounded by the idle timeout ({@code stalled} says so). */
  interface Exchange {
    HttpResponse<InputStream> send(HttpRequest request, String stalled) throws IOException;
  }

  private final Exchange exchange;
  private final NetworkTimeouts timeouts;

  TokenService(Exchange exchange, NetworkTimeouts timeouts) {
    this.exchange = exchange;
    this.timeouts = timeouts;
  }

  String token(Challenge challenge, List<String> scopes, Optional<RegistryCredentials.Credential> credential, String what)
      throws IOException {
    String realm = challenge.parameters().get("realm");
    Optional<String> service = Optional.ofNullable(challenge.parameters().get("service"));
    HttpRequest request;
    if (credential.orElse(null) instanceof RegistryCredentials.IdentityToken identity) {
      String form = "grant_type=refresh_token&client_id=imgc&refresh_token=" + RegistryClient.encode(identity.token())
          + service.map(s -> "&service=" + RegistryClient.encode(s)).orElse("")
          + "&scope=" + RegistryClient.encode(String.join(" ", scopes));
      request = HttpRequest.newBuilder(URI.create(realm)).timeout(timeouts.idle())
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
    } else {
      String query = service.map(s -> "service=" + RegistryClient.encode(s) + "&").orElse("")
          + scopes.stream().map(s -> "scope=" + RegistryClient.encode(s)).collect(Collectors.joining("&"));
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(realm + (realm.contains("?") ? "&" : "?") + query))
          .timeout(timeouts.idle()).GET();
      credential.flatMap(RegistryCredentials.Credential::basicHeader).ifPresent(b -> builder.header("Authorization", b));
      request = builder.build();
    }
    String host = request.uri().getHost();
    byte[] body;
    int status;
    try {
      HttpResponse<InputStream> response = exchange.send(request, "the token service " + host + " stalled");
      status = response.statusCode();
      try (InputStream in = response.body()) {
        body = in.readNBytes(1 << 20);
      }
    } catch (HttpTimeoutException e) {
      throw new ImageException("the token service " + host + " did not answer within "
          + NetworkTimeouts.describe(timeouts.idle()) + " (asked for a token for " + what + ")", e);
    } catch (IOException e) {
      throw new ImageException("the token service " + host + " failed: " + e.getMessage(), e);
    }
    if (status != 200) {
      throw new ImageException("the token service " + host + " answered " + status + " (asked for a token for " + what
          + "); check the credentials you logged in with (docker login, podman login)");
    }
    var json = OciJson.mapper().readTree(body);
    String token = json.path("token").asText(json.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new ImageException("the token service " + host + " gave no token for " + what);
    }
    return token;
  }
}
