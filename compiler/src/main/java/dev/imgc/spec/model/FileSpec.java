package dev.imgc.spec.model;

import java.util.Optional;

/**
 * One {@code files[]} entry: a path in the image (relative, as LinuxKit writes it) and where its
 * content comes from: {@code contents}, a host {@code source} file, a {@code metadata} rendering,
 * a {@code directory} or a {@code symlink}. {@code mode} is octal text.
 */
public record FileSpec(
    Located<String> path,
    boolean directory,
    Optional<Located<String>> symlink,
    Optional<Located<String>> contents,
    Optional<Located<String>> sourceFile,
    Optional<Located<String>> metadata,
    boolean optional,
    Optional<Located<String>> mode,
    Optional<Located<Id>> uid,
    Optional<Located<Id>> gid,
    Source source) {}
