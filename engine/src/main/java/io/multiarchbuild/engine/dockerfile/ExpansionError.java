package io.multiarchbuild.engine.dockerfile;

import io.multiarchbuild.engine.common.UserError;

/**
 * A word the Dockerfile variable expansion rejects ({@code ${x:?message}}, an unterminated quote, a
 * bad modifier...). The message carries no location: it is BuildKit's own text, {@code failed to
 * process "<word>": <reason>}, and the instruction layer, which knows the file and line, turns it
 * into a {@link DockerfileError} with {@code new DockerfileError(file, line, e.detail())}.
 */
public final class ExpansionError extends UserError {
  private static final long serialVersionUID = 1L;

  private final String word;
  private final String reason;

  ExpansionError(String word, String reason) {
    super("failed to process " + GoText.quote(word) + ": " + reason);
    this.word = word;
    this.reason = reason;
  }

  /** The word as written in the Dockerfile. */
  public String word() {
    return word;
  }

  /** Why it failed, e.g. {@code FOO: is not allowed to be unset}. */
  public String reason() {
    return reason;
  }

  /** The whole message ({@code failed to process "...": reason}) for a {@link DockerfileError}. */
  public String detail() {
    return getMessage();
  }
}
