package dev.imgc.spec.model;

/** A user or group: a number, or a name looked up in the image's /etc/passwd or /etc/group. */
public sealed interface Id permits Id.Numeric, Id.Named {
  record Numeric(long id) implements Id {}

  record Named(String name) implements Id {}
}
