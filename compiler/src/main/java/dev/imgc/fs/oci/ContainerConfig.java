package dev.imgc.fs.oci;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of an image's configuration a container engine starts a container from (the config's
 * {@code config} object): what it runs, in which environment and directory, and the image's labels.
 *
 * @param entrypoint the program and its first arguments; empty for none
 * @param cmd the default arguments (or the command, without an entrypoint); empty for none
 * @param env {@code NAME=VALUE} entries
 * @param workingDir the directory the process starts in; empty for the engine's default
 * @param user the user (and group) the process runs as; empty for the engine's default (root)
 * @param labels the image's labels, written in name order
 */
public record ContainerConfig(List<String> entrypoint, List<String> cmd, List<String> env, String workingDir,
    String user, SortedMap<String, String> labels) {
  public ContainerConfig {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
  }

  /** A configuration that only gives a command. */
  public static ContainerConfig command(List<String> cmd) {
    return new ContainerConfig(List.of(), cmd, List.of(), "", "", new TreeMap<>());
  }

  /** The JSON object, members in the order Docker writes them, empty ones left out. */
  String json() {
    StringBuilder out = new StringBuilder("{");
    member(out, "User", user.isEmpty() ? null : Json.string(user));
    member(out, "Env", env.isEmpty() ? null : Json.strings(env));
    member(out, "Cmd", cmd.isEmpty() ? null : Json.strings(cmd));
    member(out, "WorkingDir", workingDir.isEmpty() ? null : Json.string(workingDir));
    member(out, "Entrypoint", entrypoint.isEmpty() ? null : Json.strings(entrypoint));
    if (!labels.isEmpty()) {
      StringBuilder map = new StringBuilder("{");
      labels.forEach((name, value) -> map.append(map.length() > 1 ? "," : "").append(Json.string(name)).append(':')
          .append(Json.string(value)));
      member(out, "Labels", map.append('}').toString());
    }
    return out.append('}').toString();
  }

  private static void member(StringBuilder out, String name, String value) {
    if (value != null) {
      out.append(out.length() > 1 ? "," : "").append(Json.string(name)).append(':').append(value);
    }
  }
}
