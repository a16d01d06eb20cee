package dev.imgc.spec.model;

/** A value of the spec with the place it was written. */
public record Located<T>(T value, Source source) {}
