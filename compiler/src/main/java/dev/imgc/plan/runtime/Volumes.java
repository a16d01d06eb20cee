package dev.imgc.plan.runtime;

import dev.imgc.spec.model.Mount;
import dev.imgc.spec.model.Spec;
import dev.imgc.spec.model.VolumeSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's named volumes as sources of a container's {@code binds}, {@code binds.add} and bind
 * {@code mounts}: a source that does not start with {@code /} names a volume, and becomes the
 * directory LinuxKit mounts the volume on, {@code /containers/volumes/NAME/merged}. A read-only
 * volume must be bound read-only.
 */
public final class Volumes {
  static final String BASE = "/containers/volumes/";

  private final Map<String, Boolean> readonlyByName;

  private Volumes(Map<String, Boolean> readonlyByName) {
    this.readonlyByName = Map.copyOf(readonlyByName);
  }

  public static Volumes of(Spec spec) {
    return of(spec.volumes());
  }

  public static Volumes of(List<VolumeSpec> volumes) {
    Map<String, Boolean> readonly = new HashMap<>();
    volumes.forEach(volume -> readonly.put(volume.name().value(), volume.readonly()));
    return new Volumes(readonly);
  }

  static String mergedDir(String volume) {
    return BASE + volume + "/merged";
  }

  /** {@code binds} (each {@code src:dst[:opts]}) with volume names replaced by their directories. */
  List<String> inBinds(List<String> binds, String field) throws FieldProblem {
    List<String> out = new ArrayList<>();
    for (String bind : binds) {
      String[] parts = bind.split(":", -1);
      if (parts[0].startsWith("/")) {
        out.add(bind);
        continue;
      }
      checkKnown(parts[0], field);
      if (readonlyByName.get(parts[0]) && (parts.length < 3 || !parts[2].equals("ro"))) {
        throw readWrite(parts[0], field, "end the bind with ':ro'");
      }
      parts[0] = mergedDir(parts[0]);
      out.add(String.join(":", parts));
    }
    return out;
  }

  /** {@code mounts} with the volume names in bind mounts' sources replaced by their directories. */
  List<Mount> inMounts(List<Mount> mounts) throws FieldProblem {
    List<Mount> out = new ArrayList<>();
    for (Mount mount : mounts) {
      if (!mount.type().equals("bind") || mount.source().startsWith("/")) {
        out.add(mount);
        continue;
      }
      checkKnown(mount.source(), "mounts");
      if (readonlyByName.get(mount.source()) && !firstAccessOptionIsReadOnly(mount.options())) {
        throw readWrite(mount.source(), "mounts", "add the option 'ro'");
      }
      out.add(new Mount(mount.destination(), mount.type(), mergedDir(mount.source()), mount.options()));
    }
    return out;
  }

  /** LinuxKit looks at the first of {@code rw} and {@code ro} among the options. */
  private static boolean firstAccessOptionIsReadOnly(List<String> options) {
    return options.stream().filter(o -> o.equals("rw") || o.equals("ro")).findFirst().orElse("").equals("ro");
  }

  private void checkKnown(String volume, String field) throws FieldProblem {
    if (!readonlyByName.containsKey(volume)) {
      throw new FieldProblem(field, "'" + volume + "' is not an absolute path nor the name of a volume in the spec's volumes");
    }
  }

  private static FieldProblem readWrite(String volume, String field, String fix) {
    return new FieldProblem(field, "the volume '" + volume + "' is read-only but is bound read-write; " + fix);
  }
}
