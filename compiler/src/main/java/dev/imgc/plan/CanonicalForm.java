package dev.imgc.plan;

import dev.imgc.fs.Metadata;
import dev.imgc.image.oci.Digest;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * The serialisation a plan's digest is taken over: one compact JSON array per line, for the kernel,
 * each bundle and each root entry in plan order. Content appears as its sha256 and size only, and
 * images not at all (their files are entries), so the digest does not depend on which layer, blob,
 * host file or machine the bytes come from: equal outputs, equal digests.
 */
final class CanonicalForm {
  private static final int BATCH = 1 << 16;
  private CanonicalForm() {}

  static PlanDigests digests(BuildPlan plan) {
    MessageDigest whole = Digest.newHasher();
    MessageDigest rootfs = Digest.newHasher();
    plan.kernel().ifPresent(k -> {
      JsonLine line = new JsonLine().add("kernel").add(k.kernel().sha256().toString()).add(k.cmdline());
      k.ucode().ifPresent(u -> line.add(u.sha256().toString()));
      whole.update(line.bytes());
    });
    for (Bundle b : plan.bundles()) {
      whole.update(new JsonLine().add("bundle").add(b.kind().section()).add(b.index()).add(b.name())
          .add(b.directory()).add(b.readonlyRoot()).bytes());
    }
    plan.rootConfig().ifPresent(config -> whole.update(new JsonLine().add("rootConfig").add(PlanJson.json(config)).bytes()));
    // the lines go to the hashers in large batches: SHA-256 runs as one compiled loop over many blocks,
    // where a call per line ran a few blocks at a time before the JIT had warmed up (a tenth of a second)
    ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH + 1024);
    for (PlanEntry entry : plan.rootfs()) {
      line(entry).writeTo(batch);
      if (batch.size() >= BATCH) {
        hash(batch, whole, rootfs);
      }
    }
    hash(batch, whole, rootfs);
    return new PlanDigests(Digest.fromHash(whole.digest()), Digest.fromHash(rootfs.digest()));
  }

  private static void hash(ByteArrayOutputStream batch, MessageDigest... hashers) {
    byte[] bytes = batch.toByteArray();
    for (MessageDigest hasher : hashers) {
      hasher.update(bytes);
    }
    batch.reset();
  }

  private static JsonLine line(PlanEntry entry) {
    JsonLine line = new JsonLine().add(PlanJson.kind(entry)).add(entry.path());
    Metadata m = entry.attributes().metadata();
    line.add(m.mode()).add(m.uid()).add(m.gid()).add(m.mtimeSeconds());
    JsonLine xattrs = new JsonLine();
    entry.attributes().xattrs().forEach((name, value) -> xattrs.add(name).add(value.hex()));
    line.add(xattrs);
    if (entry.node() instanceof PlanEntry.File f) {
      line.add(f.content().sha256().toString()).add(f.content().size());
    } else if (entry.node() instanceof PlanEntry.Symlink s) {
      line.add(s.target());
    } else if (entry.node() instanceof PlanEntry.HardLink l) {
      line.add(l.target());
    } else if (entry.node() instanceof PlanEntry.Device d) {
      line.add(d.major()).add(d.minor());
    }
    return line;
  }
}
