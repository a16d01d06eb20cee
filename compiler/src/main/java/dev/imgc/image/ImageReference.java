package dev.imgc.image;

import dev.imgc.image.ReferenceParser.DigestContext;
import dev.imgc.image.ReferenceParser.ReferenceContext;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * A normalised image reference: {@code docker.io/library/alpine:latest}, {@code host:5000/a/b@sha256:…}.
 *
 * <p>{@link #parse} follows the OCI distribution reference syntax and Docker's normalisation: without
 * a domain the reference names Docker Hub ({@code docker.io}), a single-component Docker Hub path gets
 * {@code library/}, and a reference with neither tag nor digest gets the tag {@code latest}.
 */
public record ImageReference(String domain, String path, Optional<String> tag, Optional<String> digest) {

  public static final String DOCKER_HUB = "docker.io";

  /** Docker limits a repository name (domain and path) to this many characters. */
  static final int MAX_NAME_LENGTH = 255;

  static final int MAX_TAG_LENGTH = 128;

  /** The shortest digest the distribution spec allows for an algorithm it does not know. */
  private static final int MIN_DIGEST_HEX = 32;

  private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");

  public ImageReference {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /** Parses and normalises {@code text}, or says at which offset and why it is not a reference. */
  public static ImageReference parse(String text) throws InvalidReferenceException {
    if (text.isEmpty()) {
      throw new InvalidReferenceException(0, "an image reference must not be empty");
    }
    ReferenceContext tree = syntaxTree(text);
    String domain = tree.domain() == null ? null : tree.domain().getText();
    String path = tree.path().getText();
    if (domain != null && !looksLikeDomain(domain)) {
      // Docker reads a first component without '.' or ':' (other than localhost) as part of the path.
      path = domain + "/" + path;
      domain = null;
    }
    int pathStart = domain == null ? 0 : domain.length() + 1;
    int uppercase = firstUppercase(path);
    if (uppercase >= 0) {
      throw new InvalidReferenceException(pathStart + uppercase, "an image repository name must be lowercase");
    }
    int nameLength = tree.path().stop.getStopIndex() + 1;
    if (nameLength > MAX_NAME_LENGTH) {
      throw new InvalidReferenceException(
          MAX_NAME_LENGTH, "an image repository name must not be longer than " + MAX_NAME_LENGTH + " characters");
    }
    Optional<String> tag = Optional.ofNullable(tree.tag()).map(ParserRuleContext::getText);
    if (tag.isPresent() && tag.get().length() > MAX_TAG_LENGTH) {
      throw new InvalidReferenceException(
          tree.tag().start.getStartIndex() + MAX_TAG_LENGTH,
          "an image tag must not be longer than " + MAX_TAG_LENGTH + " characters");
    }
    Optional<String> digest = Optional.empty();
    if (tree.digest() != null) {
      digest = Optional.of(checkDigest(tree.digest()));
    }
    if (domain == null || domain.equals("index.docker.io")) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new ImageReference(domain, path, tag, digest);
  }

  /** The repository without tag or digest: {@code docker.io/library/alpine}. */
  public String name() {
    return domain + "/" + path;
  }

  /** The full normalised form: domain, path, then the tag and digest that are present. */
  public String normalized() {
    StringBuilder out = new StringBuilder(name());
    tag.ifPresent(t -> out.append(':').append(t));
    digest.ifPresent(d -> out.append('@').append(d));
    return out.toString();
  }

  @Override
  public String toString() {
    return normalized();
  }

  private static boolean looksLikeDomain(String component) {
    return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || component.equals("localhost");
  }

  private static int firstUppercase(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isUpperCase(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static String checkDigest(DigestContext context) throws InvalidReferenceException {
    String algorithm = context.algorithm().getText();
    String hex = context.encoded().getText();
    int hexOffset = context.encoded().start.getStartIndex();
    if (!LOWER_HEX.matcher(hex).matches()) {
      int bad = 0;
      while (bad < hex.length() && "0123456789abcdef".indexOf(hex.charAt(bad)) >= 0) {
        bad++;
      }
      throw new InvalidReferenceException(
          hexOffset + bad, "a digest is written in lowercase hexadecimal digits (0-9, a-f)");
    }
    int expected =
        switch (algorithm) {
          case "sha256" -> 64;
          case "sha512" -> 128;
          default -> -1;
        };
    if (expected > 0 && hex.length() != expected) {
      throw new InvalidReferenceException(
          hexOffset,
          "a " + algorithm + " digest has " + expected + " hexadecimal digits, not " + hex.length());
    }
    if (expected < 0 && hex.length() < MIN_DIGEST_HEX) {
      throw new InvalidReferenceException(
          hexOffset, "a digest has at least " + MIN_DIGEST_HEX + " hexadecimal digits");
    }
    return algorithm + ":" + hex;
  }

  private static ReferenceContext syntaxTree(String text) throws InvalidReferenceException {
    ReferenceLexer lexer = new ReferenceLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners(); // the OTHER token makes every character lexable
    ReferenceParser parser = new ReferenceParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(FirstErrorThrows.INSTANCE);
    try {
      return parser.reference();
    } catch (ParseCancellationException e) {
      throw (InvalidReferenceException) e.getCause();
    }
  }

  /** Stops at the first syntax error and explains it by the part of the reference being read. */
  private static final class FirstErrorThrows extends BaseErrorListener {
    static final FirstErrorThrows INSTANCE = new FirstErrorThrows();

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer,
        Object offendingSymbol,
        int line,
        int charPositionInLine,
        String msg,
        RecognitionException e) {
      Token token = (Token) offendingSymbol;
      ParserRuleContext context = ((Parser) recognizer).getContext();
      String what =
          token.getType() == Token.EOF
              ? "the reference ends too early"
              : "unexpected '" + token.getText() + "' at offset " + charPositionInLine;
      throw new ParseCancellationException(
          new InvalidReferenceException(charPositionInLine, what + ": " + explain(context)));
    }

    private static String explain(ParserRuleContext context) {
      for (ParserRuleContext c = context; c != null; c = c.getParent()) {
        switch (c.getRuleIndex()) {
          case ReferenceParser.RULE_path, ReferenceParser.RULE_pathComponent:
            return "an image path uses lowercase letters and digits, with components separated by '/'"
                + " and words by '.', '_', '__' or '-'";
          case ReferenceParser.RULE_tag:
            return "a tag uses letters, digits, '_', '.' and '-' and does not start with '.' or '-'";
          case ReferenceParser.RULE_digest:
            return "a digest is written ALGORITHM:HEX, for example sha256: followed by 64 hexadecimal digits";
          case ReferenceParser.RULE_domain:
            return "a registry is written HOST or HOST:PORT";
          default:
            break;
        }
      }
      return "an image reference is written [HOST[:PORT]/]PATH[:TAG][@DIGEST]";
    }
  }
}
