package dev.imgc.spec.model;

/** One range of a user namespace mapping ({@code uidMappings}/{@code gidMappings}). */
public record IdMapping(long containerId, long hostId, long size) {}
