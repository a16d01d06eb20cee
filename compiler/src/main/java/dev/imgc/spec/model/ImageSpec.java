package dev.imgc.spec.model;

/** One entry of onboot, onshutdown or services: a named container made from an image. */
public record ImageSpec(Located<String> name, Located<String> image, ImageConfig config, Source source) {}
