package dev.imgc.spec.check;

import dev.imgc.image.ImageReference;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.yaml.SourceMap;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every image a spec names: a registry reference in the OCI distribution syntax, or one of imgc's
 * transports ({@code oci:DIR}, {@code docker-archive://FILE}, {@code deb:PKG}, …) with a known name.
 */
final class ImageReferenceCheck implements SemanticCheck {
  static final List<String> TRANSPORTS = List.of("oci", "oci-archive", "docker-archive", "dir", "tar", "deb");

  /** {@code name://rest}, or {@code name:rest} with a known transport name (skopeo's spelling). */
  private static final Pattern TRANSPORT = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*|(" + String.join("|", TRANSPORTS) + "):.*", Pattern.DOTALL);

  /** LinuxKit's {@code @pkg:DIR} names a package built from source, which imgc does not build. */
  private static final String LINUXKIT_PACKAGE = "@pkg:";

  @Override
  public void run(CheckContext context) {
    check(context, "/kernel/image");
    context.eachElement("/init", (pointer, node) -> check(context, pointer));
    context.eachImage((pointer, node) -> check(context, SourceMap.child(pointer, "image")));
    context.eachElement("/volumes", (pointer, node) -> check(context, SourceMap.child(pointer, "image")));
  }

  private static void check(CheckContext context, String pointer) {
    context.text(pointer).ifPresent(text -> {
      if (text.startsWith(LINUXKIT_PACKAGE)) {
        context.report(pointer, Severity.WARNING, Rule.IMAGE_REFERENCE,
            "imgc does not build LinuxKit packages from source (" + LINUXKIT_PACKAGE + "); name the built image instead");
        return;
      }
      Matcher transport = TRANSPORT.matcher(text);
      if (transport.matches()) {
        String name = transport.group(1) != null ? transport.group(1) : transport.group(2);
        if (!TRANSPORTS.contains(name)) {
          context.errorWithin(pointer, 0, name.length(), Rule.IMAGE_REFERENCE,
              "unknown image transport '" + name + "'; imgc reads " + String.join(", ", TRANSPORTS)
                  + Suggestions.didYouMean(name, TRANSPORTS));
        } else if (text.substring(name.length()).replaceFirst("^:(//)?", "").isEmpty()) {
          context.error(pointer, Rule.IMAGE_REFERENCE, "the " + name + " transport needs a location after '" + name + ":'");
        }
        return;
      }
      try {
        ImageReference.parse(text);
      } catch (InvalidReferenceException e) {
        context.errorWithin(pointer, e.offset(), 1, Rule.IMAGE_REFERENCE,
            "'" + text + "' is not a valid image reference: " + e.getMessage());
      }
    });
  }
}
