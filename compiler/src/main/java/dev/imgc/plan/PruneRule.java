package dev.imgc.plan;

/**
 * A {@code prune:} glob of the spec: at the top level it applies to the whole root ({@code root}
 * empty), under an image it applies to that bundle's image root.
 */
public record PruneRule(String root, String glob, Provenance provenance) {}
