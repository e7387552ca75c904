package io.multiarchbuild.engine.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Invocations of a made-up caller, for tests of what commands take from their caller. */
final class TestInvocations {

  private TestInvocations() {}

  /** A caller in {@code dir} with only {@code HOME=/home/me} set, no input, and discarded output. */
  static Invocation in(Path dir) {
    return new Invocation(dir, Map.of("HOME", "/home/me"), InputStream.nullInputStream(),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
  }

  /** A caller whose standard input holds {@code input}; its output streams are the given ones. */
  static Invocation of(Path dir, Map<String, String> env, String input, ByteArrayOutputStream out, ByteArrayOutputStream err) {
    return new Invocation(dir, env, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
  }
}
