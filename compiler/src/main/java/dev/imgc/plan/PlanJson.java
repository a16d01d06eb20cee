package dev.imgc.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imgc.fs.Entry.DeviceKind;
import dev.imgc.fs.Metadata;
import dev.imgc.image.oci.RuntimeConfig;
import java.io.UncheckedIOException;

/**
 * The plan as {@code imgc plan --json} prints it: the digest, the kernel, the bundles, a
 * {@code "passes"} array of reports, the warnings, and every root entry with where it came from.
 * Keys come in a fixed order, so the text is as reproducible as the plan.
 */
public final class PlanJson {
  /**
   * The mappers, made when first used: {@link #kind} is the plan's digest's too, and building a mapper
   * (Jackson's date formats and type tables, about 30 ms of a short compile's main thread) is wasted
   * on a compile that prints no JSON.
   */
  private static final class Mappers {
    static final ObjectMapper INDENTED = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final ObjectMapper COMPACT = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  private PlanJson() {}

  public static String render(BuildPlan plan) {
    ObjectNode root = Mappers.INDENTED.createObjectNode();
    root.put("digest", plan.digest().toString());
    plan.sourceDateEpoch().seconds().ifPresent(seconds -> root.put("sourceDateEpoch", seconds));
    plan.kernel().ifPresent(k -> kernel(root.putObject("kernel"), k));
    plan.rootConfig().ifPresent(config -> root.set("rootConfig", Mappers.INDENTED.valueToTree(config)));
    ArrayNode bundles = root.putArray("bundles");
    for (Bundle b : plan.bundles()) {
      ObjectNode o = bundles.addObject();
      o.put("kind", b.kind().section());
      o.put("index", b.index());
      o.put("name", b.name());
      o.put("directory", b.directory());
      o.put("image", b.image());
      o.put("manifest", b.manifest().toString());
      o.put("readonlyRoot", b.readonlyRoot());
    }
    ArrayNode passes = root.putArray("passes");
    for (PassReport report : plan.passes()) {
      ObjectNode o = passes.addObject();
      o.put("name", report.name());
      o.put("entriesRemoved", report.entriesRemoved());
      o.put("bytesSaved", report.bytesSaved());
      report.figures().forEach(o::put);
    }
    ArrayNode warnings = root.putArray("warnings");
    for (PlanWarning w : plan.warnings()) {
      warnings.add(w.source().file() + ":" + w.source().position().line() + ":" + w.source().position().column()
          + ": " + w.message());
    }
    ArrayNode entries = root.putArray("rootfs");
    plan.rootfs().forEach(e -> entry(entries.addObject(), e));
    try {
      return Mappers.INDENTED.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An image's run configuration as one line of JSON, its members in the order the record declares them. */
  static String json(RuntimeConfig config) {
    try {
      return Mappers.COMPACT.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kind of an entry as plans and listings name it. */
  public static String kind(PlanEntry entry) {
    if (entry.node() instanceof PlanEntry.File) {
      return "file";
    } else if (entry.node() instanceof PlanEntry.Directory) {
      return "dir";
    } else if (entry.node() instanceof PlanEntry.Symlink) {
      return "symlink";
    } else if (entry.node() instanceof PlanEntry.HardLink) {
      return "hardlink";
    } else if (entry.node() instanceof PlanEntry.Device d) {
      return d.kind() == DeviceKind.BLOCK ? "block" : "char";
    } else if (entry.node() instanceof PlanEntry.Fifo) {
      return "fifo";
    } else if (entry.node() instanceof PlanEntry.Whiteout) {
      return "whiteout";
    }
    return "opaque";
  }

  /** Where a content reference points, for people: {@code layer sha256:… usr/bin/env}, {@code inline}. */
  public static String describe(ContentRef content) {
    if (content instanceof ContentRef.LayerMember m) {
      return "layer " + m.layer() + " " + m.member();
    } else if (content instanceof ContentRef.TarMember t) {
      return "layer " + t.layer() + " " + t.archive() + " " + t.member();
    } else if (content instanceof ContentRef.HostFile h) {
      return "host " + h.path();
    } else if (content instanceof ContentRef.StoreBlob b) {
      return "blob " + b.sha256();
    }
    return "inline";
  }

  private static void kernel(ObjectNode o, KernelPlan k) {
    o.put("image", k.image());
    content(o.putObject("kernel"), k.kernel());
    o.put("cmdline", k.cmdline());
    k.ucode().ifPresent(u -> content(o.putObject("ucode"), u));
    k.release().ifPresent(r -> o.put("release", r));
    o.put("modules", k.modules().size());
    k.keep().ifPresent(keep -> keep.forEach(o.putArray("keep")::add));
    if (!k.implied().isEmpty()) {
      k.implied().forEach(o.putObject("implied")::put);
    }
  }

  private static void content(ObjectNode o, ContentRef content) {
    o.put("size", content.size());
    o.put("sha256", content.sha256().toString());
    o.put("source", describe(content));
  }

  private static void entry(ObjectNode o, PlanEntry entry) {
    o.put("path", entry.path());
    o.put("type", kind(entry));
    Metadata m = entry.attributes().metadata();
    o.put("mode", String.format("%04o", m.mode()));
    o.put("uid", m.uid());
    o.put("gid", m.gid());
    o.put("mtime", m.mtimeSeconds());
    if (entry.node() instanceof PlanEntry.File f) {
      content(o, f.content());
    } else if (entry.node() instanceof PlanEntry.Symlink s) {
      o.put("target", s.target());
    } else if (entry.node() instanceof PlanEntry.HardLink l) {
      o.put("target", l.target());
    } else if (entry.node() instanceof PlanEntry.Device d) {
      o.put("major", d.major());
      o.put("minor", d.minor());
    }
    if (!entry.attributes().xattrs().isEmpty()) {
      ObjectNode xattrs = o.putObject("xattrs");
      entry.attributes().xattrs().forEach((name, value) -> xattrs.put(name, value.hex()));
    }
    o.put("from", entry.attributes().provenance().toString());
  }
}
