package dev.imgc.spec.vars;

import dev.imgc.spec.vars.InterpolationParser.DefaultedVariableContext;
import dev.imgc.spec.vars.InterpolationParser.EscapedDollarContext;
import dev.imgc.spec.vars.InterpolationParser.LiteralTextContext;
import dev.imgc.spec.vars.InterpolationParser.LoneDollarContext;
import dev.imgc.spec.vars.InterpolationParser.PartContext;
import dev.imgc.spec.vars.InterpolationParser.PlainVariableContext;
import dev.imgc.spec.vars.InterpolationParser.RequiredVariableContext;
import dev.imgc.spec.vars.InterpolationParser.VariableContext;
import dev.imgc.spec.vars.InterpolationParser.VariablePartContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.antlr.v4.runtime.tree.TerminalNode;

/** A scalar's text cut into literal text and {@code ${...}} variable references. */
public record Template(List<Segment> segments) {
  public Template {
    segments = List.copyOf(segments);
  }

  /** A piece of a template. */
  public sealed interface Segment permits Literal, Reference {}

  /** Text that stands for itself ({@code $$} already turned into {@code $}). */
  public record Literal(String text) implements Segment {}

  /**
   * {@code ${name}}, {@code ${name:-argument}} (argument is the default) or {@code ${name:?argument}}
   * (argument is the message when unset); {@code offset}/{@code length} locate it in the scalar.
   */
  public record Reference(String name, Kind kind, String argument, int offset, int length) implements Segment {}

  public enum Kind {
    PLAIN,
    DEFAULT,
    REQUIRED
  }

  /** A malformed expression: where in the scalar, and why. */
  public record SyntaxError(int offset, String message) {}

  /** Whether {@code text} needs parsing at all: only a '$' can start something that is not literal. */
  public static boolean mayHaveVariables(String text) {
    return text.indexOf('$') >= 0;
  }

  /** Parses {@code text}; a malformed {@code ${...}} is reported as the first syntax error. */
  public static Parsed parse(String text) {
    InterpolationLexer lexer = new InterpolationLexer(CharStreams.fromString(text));
    lexer.removeErrorListeners();
    InterpolationParser parser = new InterpolationParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(FirstError.INSTANCE);
    List<PartContext> parts;
    try {
      parts = parser.template().part();
    } catch (Abort abort) {
      return new Parsed(Optional.empty(), Optional.of(abort.error));
    }
    List<Segment> segments = new ArrayList<>();
    for (PartContext part : parts) {
      segments.add(segment(part));
    }
    return new Parsed(Optional.of(new Template(segments)), Optional.empty());
  }

  /** The result of {@link #parse}: a template or the error that prevented one. */
  public record Parsed(Optional<Template> template, Optional<SyntaxError> error) {}

  /** The text with every reference replaced by {@code values}' value, default, or empty if unset. */
  public String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Segment segment : segments) {
      if (segment instanceof Literal literal) {
        out.append(literal.text());
      } else if (segment instanceof Reference reference) {
        String value = values.get(reference.name());
        if (value == null && reference.kind() == Kind.DEFAULT) {
          value = reference.argument();
        }
        out.append(value == null ? "" : value);
      }
    }
    return out.toString();
  }

  /** The references whose variable has no value in {@code values} and no default. */
  public List<Reference> unresolved(Map<String, String> values) {
    List<Reference> missing = new ArrayList<>();
    for (Segment segment : segments) {
      if (segment instanceof Reference r && r.kind() != Kind.DEFAULT && !values.containsKey(r.name())) {
        missing.add(r);
      }
    }
    return missing;
  }

  private static Segment segment(PartContext part) {
    if (part instanceof LiteralTextContext text) {
      return new Literal(text.getText());
    }
    if (part instanceof EscapedDollarContext || part instanceof LoneDollarContext) {
      return new Literal("$");
    }
    VariableContext variable = ((VariablePartContext) part).variable();
    int offset = variable.start.getStartIndex();
    int length = variable.stop.getStopIndex() + 1 - offset;
    if (variable instanceof PlainVariableContext plain) {
      return new Reference(plain.NAME().getText(), Kind.PLAIN, "", offset, length);
    }
    if (variable instanceof DefaultedVariableContext defaulted) {
      return new Reference(defaulted.NAME().getText(), Kind.DEFAULT, text(defaulted.ARGUMENT_TEXT()), offset, length);
    }
    RequiredVariableContext required = (RequiredVariableContext) variable;
    return new Reference(required.NAME().getText(), Kind.REQUIRED, text(required.ARGUMENT_TEXT()), offset, length);
  }

  private static String text(TerminalNode node) {
    return node == null ? "" : node.getText();
  }

  /** Ends parsing at the first syntax error; carries it out of ANTLR. */
  private static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SyntaxError error;

    Abort(SyntaxError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private static final class FirstError extends BaseErrorListener {
    static final FirstError INSTANCE = new FirstError();
    private static final String FORMS = "write ${NAME}, ${NAME:-default} or ${NAME:?message}, or $$ for a literal '$'";

    @Override
    public void syntaxError(
        Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column, String msg, RecognitionException e) {
      Token token = (Token) offendingSymbol;
      String text = token.getInputStream() == null ? "" : token.getInputStream().toString();
      SyntaxError error;
      if (token.getType() == Token.EOF) {
        int open = Math.max(0, text.lastIndexOf("${"));
        error = new SyntaxError(open, "the variable expression is not closed; add '}' (" + FORMS + ")");
      } else if (token.getType() == InterpolationLexer.CLOSE || token.getType() == InterpolationLexer.DEFAULT
          || token.getType() == InterpolationLexer.REQUIRED) {
        error = new SyntaxError(column, "a variable expression needs a name before '" + token.getText() + "'; " + FORMS);
      } else {
        error = new SyntaxError(column, "'" + token.getText() + "' cannot appear here in a variable expression; " + FORMS);
      }
      throw new Abort(error);
    }
  }
}
