package io.multiarchbuild.engine.dockerfile;

/** A build-check finding that does not stop the build (e.g. {@code NoEmptyContinuation}). */
public record ParseWarning(String rule, String message, int line) {}
