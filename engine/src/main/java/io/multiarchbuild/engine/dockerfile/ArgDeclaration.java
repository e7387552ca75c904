package io.multiarchbuild.engine.dockerfile;

/**
 * One name of an ARG instruction.
 *
 * @param name the argument name
 * @param defaultValue the unexpanded default, or null when declared without {@code =}
 */
public record ArgDeclaration(String name, String defaultValue) {}
