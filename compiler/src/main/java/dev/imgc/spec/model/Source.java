package dev.imgc.spec.model;

import dev.imgc.spec.Position;

/** Where in which spec file a part of the spec was written, for diagnostics of later stages. */
public record Source(String file, Position position) {}
