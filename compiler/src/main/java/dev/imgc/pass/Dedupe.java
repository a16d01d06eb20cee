package dev.imgc.pass;

import dev.imgc.image.oci.Digest;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.BuildPlan;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stores each distinct file once: a file whose bytes, owner, mode, time and extended attributes equal
 * an earlier file's becomes a hard link to it (cpio and tar write the bytes once, ISO 9660 shares
 * the extent). Files must agree on all metadata because links share one inode. Only files from
 * image layers are linked: the files imgc writes itself ({@code etc/hosts}, config.json, the spec's
 * {@code files:}) are small and the kind a running system edits in place, which would change every
 * linked copy; empty files are left alone too, as linking them saves nothing. Every link names a
 * file earlier in the plan.
 */
public final class Dedupe implements Pass {
  public static final String NAME = "dedupe";

  private record Identity(Digest sha256, long size, Attributes inode) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BuildPlan apply(BuildPlan plan) {
    Map<Identity, String> first = new HashMap<>();
    Map<String, String> linkedTo = new HashMap<>();
    List<PlanEntry> out = new ArrayList<>(plan.rootfs().size());
    long linked = 0;
    for (PlanEntry entry : plan.rootfs()) {
      if (entry instanceof PlanEntry.File file && file.content().size() > 0 && fromLayer(file.content())) {
        Identity identity = new Identity(file.content().sha256(), file.content().size(),
            file.attributes().withProvenance(dev.imgc.plan.Provenance.of("")));
        String earlier = first.putIfAbsent(identity, file.path());
        if (earlier != null) {
          out.add(new PlanEntry.HardLink(file.path(), file.attributes(), earlier, file.content()));
          linkedTo.put(file.path(), earlier);
          linked++;
          continue;
        }
      } else if (entry instanceof PlanEntry.HardLink link && linkedTo.containsKey(link.target())) {
        entry = link.withTarget(linkedTo.get(link.target()));
      }
      out.add(entry);
    }
    TreeMap<String, Long> figures = new TreeMap<>();
    figures.put("filesLinked", linked);
    figures.put("distinctFiles", (long) first.size());
    return plan.after(out, Reports.of(NAME, plan.rootfs(), out, figures));
  }

  private static boolean fromLayer(ContentRef content) {
    return content instanceof ContentRef.LayerMember || content instanceof ContentRef.TarMember;
  }
}
