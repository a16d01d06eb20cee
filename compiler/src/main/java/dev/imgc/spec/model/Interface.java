package dev.imgc.spec.model;

/** A network interface the runtime moves or creates for a container ({@code runtime.interfaces}). */
public record Interface(String name, String add, String peer, boolean createInRoot) {}
