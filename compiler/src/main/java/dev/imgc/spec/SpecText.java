package dev.imgc.spec;

/**
 * A spec's text as an editor holds it, perhaps unsaved, under the name its diagnostics report (the
 * file's path).
 */
public record SpecText(String file, String text) {}
