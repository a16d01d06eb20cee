package dev.imgc.boot;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Renders the Mustache templates shipped from {@code runtime-templates/}.
 *
 * <p>HTML escaping is off: the outputs are shell scripts and bootloader configuration, where
 * {@code &amp;} would be a bug, not a safety measure.
 */
public final class Templates {
  private static final String ROOT = "dev/imgc/templates";
  private static final DefaultMustacheFactory FACTORY = new RawMustacheFactory();

  private Templates() {}

  /** Renders {@code runtime-templates/NAME.mustache} with {@code scope} (a record, map or bean). */
  public static String render(String name, Object scope) {
    Mustache template = FACTORY.compile(name + ".mustache");
    StringWriter out = new StringWriter();
    template.execute(out, scope);
    return out.toString();
  }

  private static final class RawMustacheFactory extends DefaultMustacheFactory {
    RawMustacheFactory() {
      super(ROOT);
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
