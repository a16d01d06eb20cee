package dev.imgc.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the compatibility suite needs of a LinuxKit spec, read as plain YAML (not by imgc's front end,
 * so the suite's expectations do not come from the code under test): the containers with their
 * fields, the init images and the paths of {@code files}. Several files merge as LinuxKit merges
 * them: the lists are joined in order. {@code files} are the paths of the entries that are not
 * optional; {@code sources}, the {@code source} each entry reads from the machine.
 */
record LinuxKitSpec(List<Container> containers, List<String> init, List<String> files, List<String> sources) {
  /** One onboot, service or onshutdown entry; {@code fields} as the YAML has them. */
  record Container(String section, int index, Map<String, Object> fields) {
    String name() {
      return (String) fields.get("name");
    }

    String image() {
      return (String) fields.get("image");
    }

    /** Where its bundle is in the root: {@code containers/onboot/000-NAME/}, {@code containers/services/NAME/}. */
    String bundle() {
      return "containers/" + section + "/" + (section.equals("services") ? "" : String.format("%03d-", index)) + name() + "/";
    }

    Optional<List<String>> command() {
      return list("command");
    }

    Optional<List<String>> list(String key) {
      return Optional.ofNullable((List<?>) fields.get(key)).map(values -> values.stream().map(String::valueOf).toList());
    }

    Optional<String> scalar(String key) {
      return Optional.ofNullable(fields.get(key)).map(String::valueOf);
    }
  }

  @SuppressWarnings("unchecked")
  static LinuxKitSpec read(List<Path> specs) throws IOException {
    List<Container> containers = new ArrayList<>();
    List<String> init = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    Map<String, Integer> counts = new java.util.HashMap<>();
    for (Path spec : specs) {
      Map<String, Object> yaml = (Map<String, Object>) new Load(LoadSettings.builder().build())
          .loadFromString(Files.readString(spec));
      for (String section : List.of("onboot", "onshutdown", "services")) {
        for (Object entry : (List<Object>) yaml.getOrDefault(section, List.of())) {
          int index = counts.merge(section, 1, Integer::sum) - 1;
          containers.add(new Container(section, index, (Map<String, Object>) entry));
        }
      }
      init.addAll((List<String>) yaml.getOrDefault("init", List.of()));
      for (Map<String, Object> file : (List<Map<String, Object>>) yaml.getOrDefault("files", List.of())) {
        if (file.get("source") != null) {
          sources.add((String) file.get("source"));
        }
        if (!Boolean.TRUE.equals(file.get("optional"))) {
          files.add(((String) file.get("path")).replaceAll("^/+|/+$", ""));
        }
      }
    }
    return new LinuxKitSpec(List.copyOf(containers), List.copyOf(init), List.copyOf(files), List.copyOf(sources));
  }
}
