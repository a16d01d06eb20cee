package dev.imgc.plan.lower;

import dev.imgc.fs.Metadata;
import dev.imgc.plan.Attributes;
import dev.imgc.plan.ContentRef;
import dev.imgc.plan.PlanEntry;
import dev.imgc.plan.Provenance;
import java.util.List;
import java.util.Set;

/**
 * What LinuxKit does to every image it unpacks, so that the appliance looks as LinuxKit's init
 * expects: files that container builds leave behind are dropped ({@code .dockerenv},
 * {@code dev/console}, {@code etc/hostname} …), {@code etc/hosts} and {@code etc/resolv.conf} are
 * replaced, and the directories every root needs exist. In the init root {@code etc/resolv.conf} is
 * a symlink to a writable place.
 */
final class Sanitising {
  /** Paths (relative to the image root) LinuxKit leaves out of every image. */
  static final Set<String> EXCLUDED = Set.of(".dockerenv", "Dockerfile", "dev/console", "dev/pts", "dev/shm", "etc/hostname");

  /** Paths LinuxKit writes itself, whatever the image holds there. */
  static final Set<String> REPLACED = Set.of("etc/hosts", "etc/resolv.conf");

  static final String HOSTS = """
      127.0.0.1       localhost
      ::1     localhost ip6-localhost ip6-loopback
      fe00::0 ip6-localnet
      ff00::0 ip6-mcastprefix
      ff02::1 ip6-allnodes
      ff02::2 ip6-allrouters
      """;

  static final String NO_RESOLV_CONF = "\n# no resolv.conf configured\n";

  /** Where the init root's {@code etc/resolv.conf} points: a file the network setup writes at boot. */
  static final String RESOLV_CONF_LINK = "/run/resolvconf/resolv.conf";

  /** A symlink's own mode means nothing to Linux, which shows every symlink as 0777; so do we. */
  private static final int LINK = 0777;

  private Sanitising() {}

  /** Whether LinuxKit leaves an image's entry at {@code path} out (dropped, or replaced later). */
  static boolean dropped(String path) {
    return EXCLUDED.contains(path) || REPLACED.contains(path);
  }

  /** Entries placed before the image's own, dated {@code time}: the image's entries, where it has them, win. */
  static List<PlanEntry> defaults(Provenance provenance, long time) {
    Attributes dir = Attributes.of(new Metadata(0755, 0, 0, time), provenance);
    return List.of(
        new PlanEntry("dev", dir, new PlanEntry.Directory()),
        new PlanEntry("etc", dir, new PlanEntry.Directory()),
        new PlanEntry("etc/mtab", Attributes.of(new Metadata(LINK, 0, 0, time), provenance), new PlanEntry.Symlink("/proc/mounts")),
        new PlanEntry("proc", dir, new PlanEntry.Directory()),
        new PlanEntry("sys", dir, new PlanEntry.Directory()));
  }

  /** Entries placed after the image's own, dated {@code time}, replacing what it had. */
  static List<PlanEntry> replacements(Provenance provenance, boolean initRoot, long time) {
    Attributes dir = Attributes.of(new Metadata(0755, 0, 0, time), provenance);
    Attributes file = Attributes.of(new Metadata(0644, 0, 0, time), provenance);
    PlanEntry resolv = initRoot
        ? new PlanEntry("etc/resolv.conf", Attributes.of(new Metadata(LINK, 0, 0, time), provenance),
            new PlanEntry.Symlink(RESOLV_CONF_LINK))
        : new PlanEntry("etc/resolv.conf", file, new PlanEntry.File(ContentRef.Inline.of(NO_RESOLV_CONF)));
    return List.of(
        new PlanEntry("dev/pts", dir, new PlanEntry.Directory()),
        new PlanEntry("dev/shm", dir, new PlanEntry.Directory()),
        new PlanEntry("etc/hosts", file, new PlanEntry.File(ContentRef.Inline.of(HOSTS))),
        resolv);
  }
}
