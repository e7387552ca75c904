package io.multiarchbuild.engine.dockerfile;

import java.util.List;

/**
 * One instruction as the parser reads it, before any variable expansion or per-instruction checks
 * (those belong to the instruction layer).
 *
 * @param keyword the instruction word in lower case ({@code run}, {@code copy}, or an unknown word)
 * @param flags the leading {@code --name[=value]} tokens, raw and in order
 * @param args the arguments as the parser splits them: exec form → the JSON array elements; shell
 *     form → the rest of the line as one string; ENV/LABEL → key, value, key, value … (quotes kept);
 *     ARG → one word each; FROM/EXPOSE and non-JSON ADD/COPY/VOLUME → blank-separated words;
 *     HEALTHCHECK → type word then the command like CMD; unknown instructions and ONBUILD → empty
 *     (see {@code nested})
 * @param json true for exec (JSON array) form
 * @param startLine first line of the instruction, 1-based
 * @param endLine last line, including continuation lines and heredoc bodies
 * @param heredocs here-documents in the order their markers appear (for ONBUILD they sit on the
 *     wrapped RUN/COPY/ADD in {@code nested}, not on the ONBUILD node)
 * @param nested for ONBUILD, the wrapped instruction (same lines); null otherwise or for a bare ONBUILD
 * @param original the instruction's text as written (continuations joined), for messages and history
 */
public record Node(
    String keyword,
    List<String> flags,
    List<String> args,
    boolean json,
    int startLine,
    int endLine,
    List<Heredoc> heredocs,
    Node nested,
    String original) {

  public Node {
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    heredocs = List.copyOf(heredocs);
  }
}
