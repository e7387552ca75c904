package io.multiarchbuild.engine.dockerfile;

/** One {@code key=value} of ENV or LABEL, unexpanded. */
public record KeyValue(String key, String value) {}
