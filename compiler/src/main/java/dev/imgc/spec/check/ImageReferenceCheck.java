package dev.imgc.spec.check;

import dev.imgc.image.ImageSource;
import dev.imgc.image.ImageSource.Syntax;
import dev.imgc.image.InvalidReferenceException;
import dev.imgc.image.UnknownTransportException;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.Suggestions;
import dev.imgc.spec.yaml.SourceMap;

/**
 * Every image a spec names, read as the build reads it ({@link ImageSource#parse} in the spec's
 * syntax): a registry reference in the OCI distribution syntax, or {@code TRANSPORT://…} with a
 * transport imgc knows.
 */
final class ImageReferenceCheck implements SemanticCheck {
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
        // an error, for lint and build alike: a build has no image to put there
        context.report(pointer, Severity.ERROR, Rule.IMAGE_REFERENCE,
            "imgc does not build LinuxKit packages from source (" + LINUXKIT_PACKAGE + "); build it with `linuxkit pkg "
                + "build " + text.substring(LINUXKIT_PACKAGE.length()) + "` and name the image that makes instead");
        return;
      }
      ImageSource source;
      try {
        source = ImageSource.parse(text, Syntax.SPEC);
      } catch (UnknownTransportException e) {
        context.errorWithin(pointer, 0, e.transport().length(), Rule.IMAGE_REFERENCE,
            e.getMessage() + Suggestions.didYouMean(e.transport(), ImageSource.TRANSPORTS));
        return;
      } catch (InvalidReferenceException e) {
        context.errorWithin(pointer, e.offset(), 1, Rule.IMAGE_REFERENCE,
            "'" + text + "' is not a valid image reference: " + e.getMessage());
        return;
      }
      if (source instanceof ImageSource.Registry registry && readsAsTransportOnCommandLine(text)) {
        String transport = text.substring(0, text.indexOf(':'));
        context.report(pointer, Severity.WARNING, Rule.IMAGE_REFERENCE,
            "'" + text + "' names the registry image " + registry.reference().normalized() + "; in a spec the "
                + transport + " transport is written " + transport + "://" + text.substring(transport.length() + 1));
      }
    });
  }

  /** Whether skopeo's spelling on the command line would read {@code text} as a transport, a likely slip in a spec. */
  private static boolean readsAsTransportOnCommandLine(String text) {
    try {
      return !(ImageSource.parse(text, Syntax.COMMAND_LINE) instanceof ImageSource.Registry);
    } catch (InvalidReferenceException e) {
      return true;
    }
  }
}
