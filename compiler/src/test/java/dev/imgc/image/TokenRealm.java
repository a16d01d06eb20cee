package dev.imgc.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.imgc.image.oci.OciJson;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * A token service for docker-registry's {@code auth: token} mode: it checks Basic credentials and
 * answers with a JWT signed by a key openssl generated, whose certificate the registry trusts. The
 * token grants what the {@code scope} parameters ask for.
 */
final class TokenRealm implements AutoCloseable {
  static final String SERVICE = "imgc-test-registry";
  static final String ISSUER = "imgc-test-realm";

  private final HttpServer server;
  private final PrivateKey key;
  private final String keyId;
  private final Path certificate;

  private TokenRealm(HttpServer server, PrivateKey key, String keyId, Path certificate) {
    this.server = server;
    this.key = key;
    this.keyId = keyId;
    this.certificate = certificate;
  }

  /** A realm that grants tokens for Basic {@code user:password}, or (as an OAuth 2 refresh-token grant) for {@code identityToken}. */
  static TokenRealm start(Path dir, String user, String password) throws Exception {
    return start(dir, user, password, null);
  }

  static TokenRealm start(Path dir, String user, String password, String identityToken) throws Exception {
    ImageTests.run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem",
        "-out", "cert.pem", "-days", "2", "-subj", "/CN=" + ISSUER);
    String pem = Files.readString(dir.resolve("key.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
    PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    byte[] publicKey;
    try (var in = Files.newInputStream(dir.resolve("cert.pem"))) {
      publicKey = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey().getEncoded();
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    TokenRealm realm = new TokenRealm(server, key, libtrustKeyId(publicKey), dir.resolve("cert.pem"));
    String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server.createContext("/token", exchange -> {
      byte[] body;
      int status;
      String form = exchange.getRequestMethod().equals("POST")
          ? new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) : "";
      if (exchange.getRequestMethod().equals("GET") && expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        status = 200;
        body = realm.tokenFor(exchange.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
      } else if (identityToken != null && formValue(form, "grant_type").equals("refresh_token")
          && formValue(form, "refresh_token").equals(identityToken)) {
        status = 200;
        String scopes = java.util.Arrays.stream(formValue(form, "scope").split(" "))
            .map(scope -> "scope=" + java.net.URLEncoder.encode(scope, StandardCharsets.UTF_8))
            .collect(java.util.stream.Collectors.joining("&"));
        body = realm.tokenFor(scopes).replace("\"token\"", "\"access_token\"").getBytes(StandardCharsets.UTF_8);
      } else {
        status = 401;
        body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return realm;
  }

  private static String formValue(String form, String name) {
    for (String pair : form.split("&")) {
      String[] parts = pair.split("=", 2);
      if (parts.length == 2 && parts[0].equals(name)) {
        return URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /** The registry configuration's {@code auth:} section for this realm. */
  String registryAuth() {
    return "  token:\n    realm: http://127.0.0.1:" + server.getAddress().getPort() + "/token\n    service: " + SERVICE
        + "\n    issuer: " + ISSUER + "\n    rootcertbundle: " + certificate;
  }

  private String tokenFor(String query) throws IOException {
    ArrayNode access = OciJson.mapper().createArrayNode();
    for (String parameter : query == null ? new String[0] : query.split("&")) {
      String[] pair = parameter.split("=", 2);
      if (pair[0].equals("scope") && pair.length == 2) {
        String[] scope = URLDecoder.decode(pair[1], StandardCharsets.UTF_8).split(":");
        ObjectNode grant = access.addObject().put("type", scope[0]).put("name", scope[1]);
        ArrayNode actions = grant.putArray("actions");
        for (String action : scope[2].split(",")) {
          actions.add(action);
        }
      }
    }
    long now = Instant.now().getEpochSecond();
    ObjectNode claims = OciJson.mapper().createObjectNode().put("iss", ISSUER).put("sub", "tester").put("aud", SERVICE)
        .put("exp", now + 600).put("nbf", now - 60).put("iat", now - 60).put("jti", Long.toString(System.nanoTime()));
    claims.set("access", access);
    ObjectNode header = OciJson.mapper().createObjectNode().put("typ", "JWT").put("alg", "RS256").put("kid", keyId);
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signed = url.encodeToString(OciJson.write(header)) + "." + url.encodeToString(OciJson.write(claims));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
      String token = signed + "." + url.encodeToString(rsa.sign());
      return "{\"token\":\"" + token + "\",\"expires_in\":600}";
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  /** libtrust's key id, which distribution matches a token's {@code kid} against: 12 groups of base32 of a SHA-256 prefix. */
  static String libtrustKeyId(byte[] subjectPublicKeyInfo) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(subjectPublicKeyInfo);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder base32 = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < 30; i++) {
      buffer = (buffer << 8) | (hash[i] & 0xff);
      bits += 8;
      while (bits >= 5) {
        base32.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < base32.length(); i += 4) {
      id.append(i == 0 ? "" : ":").append(base32, i, i + 4);
    }
    return id.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
