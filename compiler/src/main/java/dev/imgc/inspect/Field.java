package dev.imgc.inspect;

/** One named value of a {@link Row}; values are printed as they are, after escaping. */
public record Field(String key, String value) {}
