package dev.imgc.spec;

/**
 * The stable ids under which the front end reports problems. Tools and tests match on these ids,
 * so an id never changes meaning; README.md lists them.
 */
public enum Rule {
  IO("io", "the file cannot be read",
      "Check that the path names a readable regular file encoded in UTF-8."),
  INPUT_SIZE("input-size", "a file larger than imgc's input limit",
      "Keep the spec under 4 MiB: put large file contents into files of their own and name them with 'source:'."),
  YAML_SYNTAX("yaml-syntax", "the file is not well-formed YAML",
      "Fix the YAML at the position shown: an unclosed quote or bracket, or a key and value out of line, are the usual causes."),
  YAML_TAB("yaml-tab", "a tab is used for indentation",
      "Indent with spaces: YAML does not allow tabs for indentation."),
  YAML_DUPLICATE_KEY("yaml-duplicate-key", "a key appears twice in one mapping",
      "Keep one of the two keys: YAML gives a key one value per mapping."),
  YAML_MULTIPLE_DOCUMENTS("yaml-multiple-documents", "a file holds more than one YAML document",
      "Put each spec in a file of its own and pass the files to the build together; they merge in order."),
  YAML_LIMIT("yaml-limit", "aliases expanding to too many values, or nesting too deep",
      "Write the spec without deep nesting or aliases that expand to a huge document."),
  YAML_TAG("yaml-tag", "an explicit tag imgc does not know",
      "Remove the tag, or use one of YAML's own (!!str, !!int, !!bool, !!float, !!null, !!map, !!seq)."),
  SCHEMA_UNKNOWN_KEY("schema-unknown-key", "a key the spec format does not have",
      "Correct the key's spelling (the message suggests the nearest known key) or remove it; imgc schema prints every key."),
  SCHEMA_REQUIRED("schema-required", "a required key is missing",
      "Add the missing key; imgc schema shows which keys each section requires."),
  SCHEMA_TYPE("schema-type", "a value of the wrong type",
      "Give the value the type the key takes (a string, a number, a list or a mapping); imgc schema shows it."),
  SCHEMA_VALUE("schema-value", "a value outside the allowed set, pattern or range",
      "Use one of the values the key allows; imgc schema lists them."),
  NAME_DUPLICATE("name-duplicate", "two entries of a section share a name",
      "Rename one of the two entries: names identify services, volumes and onboot or onshutdown entries."),
  NAME_INVALID("name-invalid", "a name LinuxKit does not allow",
      "Use a name of letters and digits joined by single '.', '_' or '-' (a volume: lower-case letters, digits, '_' and '-')."),
  FILE_PATH("file-path", "a files[].path that is empty, absolute or escapes the root",
      "Write the path relative to the root, without a leading '/' and without a '..' that climbs out of it."),
  FILE_CONTENT_CONFLICT("file-content-conflict", "a files entry with more than one of contents/source/metadata/directory/symlink",
      "Keep one of contents, source, metadata, directory and symlink in the entry."),
  CAPABILITY_UNKNOWN("capability-unknown", "a capability Linux does not have",
      "Use CAP_ and a Linux capability in capitals (CAP_NET_ADMIN), or all or none on their own."),
  NAMESPACE_INVALID("namespace-invalid", "a net, pid, ipc, uts or userns value that is no namespace",
      "Write host, new, none, or the absolute path of a namespace to join (such as /run/netns/NAME)."),
  IMAGE_REFERENCE("image-reference", "a malformed image reference or transport",
      "Write a registry reference (NAME[:TAG][@DIGEST]) or TRANSPORT://SOURCE with a known transport (oci, oci-archive, docker-archive, dir, tar, deb)."),
  RLIMIT_INVALID("rlimit-invalid", "a malformed rlimits entry",
      "Write the entry as LIMIT,SOFT,HARD with a known limit (nofile, nproc, ...) and whole numbers or unlimited."),
  MODE_INVALID("mode-invalid", "a file or device mode that is not octal",
      "Write the mode in octal, as a string, at most \"07777\"."),
  BIND_INVALID("bind-invalid", "a bind that is not src:dst[:opts]",
      "Write the bind as SOURCE:/DESTINATION[:OPTIONS]."),
  TMPFS_INVALID("tmpfs-invalid", "a tmpfs that is not dst[:opts]",
      "Write the tmpfs as /DESTINATION[:OPTIONS]."),
  SYSCTL_INVALID("sysctl-invalid", "a malformed sysctl key or value",
      "Use a key that names a file under /proc/sys and a one-line, non-empty value."),
  TRUST_IGNORED("trust-ignored", "the trust section, which imgc accepts and ignores",
      "Remove the trust section: imgc does not check image signatures from it."),
  VAR_SYNTAX("var-syntax", "a malformed ${...} expression",
      "Write ${NAME}, ${NAME:-default} or ${NAME:?message}, or $$ for a literal '$'."),
  VAR_UNRESOLVED("var-unresolved", "a variable with no value (an error for compile, a warning for lint)",
      "Give the variable a value with --var NAME=VALUE or --var-file FILE, or a default in the spec: ${NAME:-default}."),
  VAR_FILE("var-file", "a malformed --var or --var-file entry",
      "Write each line of the file as NAME=VALUE; blank lines and lines starting with # are skipped."),
  LOWERING("lowering", "a spec that cannot be laid out as a root filesystem, or something lowering changed or left out",
      "Change the spec as the message says: it names the entry, and what it conflicts with or what was left out."),
  IMAGE("image", "an image that cannot be found, fetched, imported or read",
      "Check the image's name and that its source is reachable (imgc image pull or import shows the error alone); a damaged image is replaced by pulling or importing it again."),
  BOOT_ASSET("boot-asset", "a bootloader file or program a format needs is missing",
      "Install the package the message names (isolinux, syslinux-common, systemd-boot-efi, ovmf), or give the file with --boot-assets DIR."),
  PLATFORM("platform", "an image, kernel, boot file or format that does not fit the platform built for",
      "Name images and a kernel for the platform (deb:// packages resolve for it by themselves), or build for theirs with --platform; BIOS formats need linux/amd64."),
  OUTPUT("output", "an artifact that cannot be written",
      "Make the output directory writable and give it enough free space."),
  CACHE("cache", "a remote build cache that cannot be read or written (the build goes on without it)",
      "Check the --cache-from/--cache-to repository, its credentials and that the registry is reachable."),
  INTERNAL("internal", "a bug in imgc itself (please report it with the spec that shows it)",
      "Report this as a bug in imgc, with the spec that shows it.");

  private final String id;
  private final String summary;
  private final String help;

  Rule(String id, String summary, String help) {
    this.id = id;
    this.summary = summary;
    this.help = help;
  }

  public String id() {
    return id;
  }

  /** What the rule reports, in a phrase (for README.md and SARIF rule metadata). */
  public String summary() {
    return summary;
  }

  /** How to fix what the rule reports, in a sentence or two (SARIF rule help). */
  public String help() {
    return help;
  }
}
