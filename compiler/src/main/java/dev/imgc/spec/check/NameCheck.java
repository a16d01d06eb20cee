package dev.imgc.spec.check;

import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.yaml.SourceMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names of images and volumes. LinuxKit rejects two services of one name (they run side by side)
 * and two volumes of one name; two onboot or onshutdown entries of one name still run (their
 * directories are numbered) but are surely a mistake, so they are warned about.
 *
 * <p>An image's name becomes a directory under {@code /containers} and the container's id for runc
 * and containerd, so it must be a valid container id; a volume's name follows LinuxKit's rule.
 */
final class NameCheck implements SemanticCheck {
  private static final Pattern CONTAINER_ID = Pattern.compile("[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*");
  private static final Pattern VOLUME_NAME = Pattern.compile("[a-z0-9_-]+");

  @Override
  public void run(CheckContext context) {
    for (String section : CheckContext.IMAGE_SECTIONS) {
      Severity duplicate = section.equals("services") ? Severity.ERROR : Severity.WARNING;
      checkSection(context, "/" + section, CONTAINER_ID, duplicate,
          "an image name uses letters, digits and single '.', '_' or '-' between them");
    }
    checkSection(context, "/volumes", VOLUME_NAME, Severity.ERROR,
        "a volume name uses lowercase letters, digits, '_' and '-'");
  }

  private static void checkSection(
      CheckContext context, String section, Pattern valid, Severity duplicateSeverity, String rule) {
    Map<String, Integer> firstLine = new HashMap<>();
    context.eachElement(section, (pointer, entry) -> {
      String namePointer = SourceMap.child(pointer, "name");
      context.text(namePointer).ifPresent(name -> {
        if (!valid.matcher(name).matches()) {
          context.error(namePointer, Rule.NAME_INVALID, "'" + name + "' is not a valid name: " + rule);
        }
        Integer first = firstLine.putIfAbsent(name, context.document().sourceMap().value(namePointer).line());
        if (first != null) {
          context.report(namePointer, duplicateSeverity, Rule.NAME_DUPLICATE,
              "the name '" + name + "' is already used in " + section.substring(1) + " at line " + first
                  + "; give each entry its own name");
        }
      });
    });
  }
}
