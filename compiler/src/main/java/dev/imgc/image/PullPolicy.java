package dev.imgc.image;

/** When a registry is asked for an image the store may already have. */
public enum PullPolicy {
  /** Use the store's image if it has one, else pull (the default). */
  MISSING,
  /** Always ask the registry ({@code --pull}). */
  ALWAYS,
  /** Never ask a registry; an image missing from the store is an error ({@code --offline}). */
  NEVER
}
