package dev.imgc.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.imgc.fs.Metadata;
import dev.imgc.image.oci.Digest;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The serialisation a plan's digest is taken over: one compact JSON array per line, for the kernel,
 * each bundle and each root entry in plan order. Content appears as its sha256 and size only, and
 * images not at all (their files are entries), so the digest does not depend on which layer, blob,
 * host file or machine the bytes come from: equal outputs, equal digests.
 */
final class CanonicalForm {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CanonicalForm() {}

  static Digest digest(BuildPlan plan) {
    MessageDigest hasher = Digest.newHasher();
    plan.kernel().ifPresent(k -> {
      ArrayNode line = JSON.createArrayNode().add("kernel").add(k.kernel().sha256().toString()).add(k.cmdline());
      k.ucode().ifPresent(u -> line.add(u.sha256().toString()));
      add(hasher, line);
    });
    for (Bundle b : plan.bundles()) {
      add(hasher, JSON.createArrayNode().add("bundle").add(b.kind().section()).add(b.index()).add(b.name())
          .add(b.directory()).add(b.readonlyRoot()));
    }
    addRootfs(hasher, plan);
    return Digest.fromHash(hasher.digest());
  }

  /** A sha256 over the root entries alone: what the initrd holds, whatever the kernel and command line. */
  static Digest rootfsDigest(BuildPlan plan) {
    MessageDigest hasher = Digest.newHasher();
    addRootfs(hasher, plan);
    return Digest.fromHash(hasher.digest());
  }

  private static void addRootfs(MessageDigest hasher, BuildPlan plan) {
    for (PlanEntry entry : plan.rootfs()) {
      add(hasher, line(entry));
    }
  }

  private static ArrayNode line(PlanEntry entry) {
    ArrayNode line = JSON.createArrayNode().add(PlanJson.kind(entry)).add(entry.path());
    Metadata m = entry.attributes().metadata();
    line.add(m.mode()).add(m.uid()).add(m.gid()).add(m.mtimeSeconds());
    ArrayNode xattrs = line.addArray();
    entry.attributes().xattrs().forEach((name, value) -> xattrs.add(name).add(value));
    if (entry instanceof PlanEntry.File f) {
      line.add(f.content().sha256().toString()).add(f.content().size());
    } else if (entry instanceof PlanEntry.Symlink s) {
      line.add(s.target());
    } else if (entry instanceof PlanEntry.HardLink l) {
      line.add(l.target());
    } else if (entry instanceof PlanEntry.Device d) {
      line.add(d.major()).add(d.minor());
    }
    return line;
  }

  private static void add(MessageDigest hasher, ArrayNode line) {
    try {
      hasher.update(JSON.writeValueAsBytes(line));
      hasher.update("\n".getBytes(StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
