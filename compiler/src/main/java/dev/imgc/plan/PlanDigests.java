package dev.imgc.plan;

import dev.imgc.image.oci.Digest;

/**
 * The identities of a plan, both taken in one pass over its {@link CanonicalForm}.
 *
 * @param plan everything the outputs hold: the kernel, its command line, the bundles, every root entry
 * @param rootfs the root entries alone, what an initrd holds, whatever the kernel and command line
 */
public record PlanDigests(Digest plan, Digest rootfs) {}
