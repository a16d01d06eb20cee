package dev.imgc.spec.model;

import java.util.Optional;

/** A device node made in a container ({@code devices[]}); {@code mode} is octal text. */
public record Device(String path, String type, long major, long minor, Optional<String> mode) {}
