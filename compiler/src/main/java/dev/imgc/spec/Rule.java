package dev.imgc.spec;

/**
 * The stable ids under which the front end reports problems. Tools and tests match on these ids,
 * so an id never changes meaning; README.md lists them.
 */
public enum Rule {
  IO("io", "the file cannot be read"),
  YAML_SYNTAX("yaml-syntax", "the file is not well-formed YAML"),
  YAML_TAB("yaml-tab", "a tab is used for indentation"),
  YAML_DUPLICATE_KEY("yaml-duplicate-key", "a key appears twice in one mapping"),
  YAML_MULTIPLE_DOCUMENTS("yaml-multiple-documents", "a file holds more than one YAML document"),
  YAML_LIMIT("yaml-limit", "too many aliases, nodes or levels of nesting"),
  YAML_TAG("yaml-tag", "an explicit tag imgc does not know"),
  SCHEMA_UNKNOWN_KEY("schema-unknown-key", "a key the spec format does not have"),
  SCHEMA_REQUIRED("schema-required", "a required key is missing"),
  SCHEMA_TYPE("schema-type", "a value of the wrong type"),
  SCHEMA_VALUE("schema-value", "a value outside the allowed set, pattern or range"),
  NAME_DUPLICATE("name-duplicate", "two entries of a section share a name"),
  NAME_INVALID("name-invalid", "a name LinuxKit does not allow"),
  FILE_PATH("file-path", "a files[].path that is empty, absolute or escapes the root"),
  FILE_CONTENT_CONFLICT("file-content-conflict", "a files entry with more than one of contents/source/metadata/directory/symlink"),
  CAPABILITY_UNKNOWN("capability-unknown", "a capability Linux does not have"),
  IMAGE_REFERENCE("image-reference", "a malformed image reference or transport"),
  RLIMIT_INVALID("rlimit-invalid", "a malformed rlimits entry"),
  MODE_INVALID("mode-invalid", "a file or device mode that is not octal"),
  BIND_INVALID("bind-invalid", "a bind that is not src:dst[:opts]"),
  TMPFS_INVALID("tmpfs-invalid", "a tmpfs that is not dst[:opts]"),
  SYSCTL_INVALID("sysctl-invalid", "a malformed sysctl key or value"),
  TRUST_IGNORED("trust-ignored", "the trust section, which imgc accepts and ignores"),
  VAR_SYNTAX("var-syntax", "a malformed ${...} expression"),
  VAR_UNRESOLVED("var-unresolved", "a variable with no value (an error for compile, a warning for lint)"),
  VAR_FILE("var-file", "a malformed --var or --var-file entry"),
  LOWERING("lowering", "a spec that cannot be laid out as a root filesystem, or something lowering changed or left out"),
  IMAGE("image", "an image that cannot be found, fetched, imported or read"),
  BOOT_ASSET("boot-asset", "a bootloader file or program a format needs is missing"),
  OUTPUT("output", "an artifact that cannot be written"),
  INTERNAL("internal", "a bug in imgc itself (please report it with the spec that shows it)");

  private final String id;
  private final String summary;

  Rule(String id, String summary) {
    this.id = id;
    this.summary = summary;
  }

  public String id() {
    return id;
  }

  /** What the rule reports, in a phrase (for README.md and SARIF rule metadata). */
  public String summary() {
    return summary;
  }
}
