package dev.imgc.spec.check;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imgc.spec.Rule;
import dev.imgc.spec.Severity;
import dev.imgc.spec.yaml.SourceMap;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code files[]}: the path stays inside the image's root, and each entry says where its content
 * comes from in exactly one way (LinuxKit's build rejects the combinations it cannot honour).
 */
final class FilesCheck implements SemanticCheck {
  private static final List<String> CONTENT_KEYS = List.of("contents", "source", "metadata", "directory", "symlink");

  @Override
  public void run(CheckContext context) {
    context.eachElement("/files", (pointer, entry) -> {
      checkPath(context, SourceMap.child(pointer, "path"));
      checkContentKeys(context, pointer, entry);
    });
  }

  private static void checkPath(CheckContext context, String pointer) {
    context.text(pointer).ifPresent(path -> {
      if (path.isEmpty()) {
        context.error(pointer, Rule.FILE_PATH, "a file path must not be empty");
        return;
      }
      if (path.startsWith("/")) {
        context.report(pointer, Severity.WARNING, Rule.FILE_PATH,
            "'" + path + "' is absolute; paths are relative to the image root (the leading '/' is dropped), so write '"
                + path.replaceFirst("^/+", "") + "'");
      }
      int depth = 0;
      for (String part : path.split("/")) {
        if (part.equals("..")) {
          depth--;
        } else if (!part.isEmpty() && !part.equals(".")) {
          depth++;
        }
        if (depth < 0) {
          context.error(pointer, Rule.FILE_PATH, "'" + path + "' climbs out of the image root with '..'; remove the '..'");
          return;
        }
      }
    });
  }

  private static void checkContentKeys(CheckContext context, String pointer, JsonNode entry) {
    List<String> present = new ArrayList<>();
    for (String key : CONTENT_KEYS) {
      JsonNode value = entry.get(key);
      boolean given = key.equals("directory") ? value != null && value.asBoolean(false) : value != null && !value.isNull();
      if (given) {
        present.add(key);
      }
    }
    if (present.size() > 1) {
      String second = SourceMap.child(pointer, present.get(1));
      context.errorAtKey(second, Rule.FILE_CONTENT_CONFLICT,
          "a files entry takes one of contents, source, metadata, directory and symlink, but this one has "
              + String.join(" and ", present));
    }
  }
}
