package io.multiarchbuild.engine.dockerfile;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Dockerfile into a {@link SyntaxTree} the way BuildKit's {@code docker/dockerfile:1} parser
 * does: directives, comments, line continuations, flags, per-instruction argument shapes and
 * here-documents. Nothing is expanded or validated per instruction here; that is the instruction
 * layer's job.
 */
public final class DockerfileParser {
  private static final String BOM = "\uFEFF";

  private DockerfileParser() {}

  /**
   * Parses a Dockerfile held in memory.
   *
   * @param fileName the name used in messages, e.g. {@code Dockerfile}
   * @param text the whole file
   * @throws DockerfileError if BuildKit would reject the file at this stage
   */
  public static SyntaxTree parse(String fileName, String text) {
    return new Run(fileName, text.startsWith(BOM) ? text.substring(1) : text).parse();
  }

  /** Parses raw file bytes: UTF-8, with malformed bytes read as U+FFFD (as Go does). */
  public static SyntaxTree parse(String fileName, byte[] content) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return parse(fileName, text);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder cannot fail", e);
    }
  }

  /** State of one parse. */
  private static final class Run {
    private final String fileName;
    private final List<LineReader.Line> lines;
    private final DirectiveScanner directives;
    private final List<Node> nodes = new ArrayList<>();
    private final List<ParseWarning> warnings = new ArrayList<>();
    private int next;

    Run(String fileName, String text) {
      this.fileName = fileName;
      this.lines = LineReader.split(fileName, text);
      this.directives = new DirectiveScanner(fileName);
    }

    SyntaxTree parse() {
      if (!lines.isEmpty() && lines.get(0).content().startsWith("#!")) {
        directives.shebang();
        next = 1;
      }
      while (next < lines.size()) {
        LineReader.Line first = lines.get(next++);
        String content = GoText.trimLeadingSpace(first.content());
        directives.offer(content, first.number());
        if (content.startsWith("#")) {
          continue;
        }
        instruction(first.number(), content);
      }
      if (nodes.isEmpty()) {
        throw new DockerfileError(fileName, 0, "file with no instructions; a Dockerfile needs at least a FROM instruction");
      }
      return new SyntaxTree(fileName, directives.directives(), directives.escape(), nodes, warnings);
    }

    private void instruction(int startLine, String content) {
      char escape = directives.escape();
      Continuation c = Continuation.of(content, escape);
      if (c.complete() && c.text().isEmpty()) {
        return; // a blank line
      }
      StringBuilder buf = new StringBuilder(c.text());
      int endLine = startLine;
      int firstEmpty = 0;
      boolean complete = c.complete();
      while (!complete && next < lines.size()) {
        LineReader.Line l = lines.get(next++);
        endLine = l.number();
        String trimmed = GoText.trimLeadingSpace(l.content());
        if (trimmed.startsWith("#")) {
          continue; // comments may sit inside a continued instruction
        }
        if (trimmed.isEmpty()) {
          firstEmpty = firstEmpty == 0 ? l.number() : firstEmpty;
          continue;
        }
        Continuation more = Continuation.of(l.content(), escape);
        complete = more.complete();
        buf.append(more.text());
      }
      String line = buf.toString();
      if (firstEmpty > 0) {
        warnings.add(
            new ParseWarning(
                "NoEmptyContinuation",
                "empty continuation line in the instruction starting at line "
                    + startLine
                    + "; remove it (empty continuation lines will become errors in a future release)",
                firstEmpty));
      }
      InstructionSplitter.Parsed parsed = new InstructionSplitter(fileName, startLine, escape).split(line);
      InstructionSplitter.Parsed target = heredocTarget(parsed);
      List<Heredoc> heredocs = new ArrayList<>();
      if (target != null && line.contains("<<")) {
        for (HeredocReader.Marker m : HeredocReader.markers(line)) {
          StringBuilder body = new StringBuilder();
          int after = HeredocReader.readBody(lines, next, m, body);
          if (after < 0) {
            throw new DockerfileError(
                fileName,
                startLine,
                "unterminated heredoc <<"
                    + GoText.abbreviate(m.name(), 100)
                    + ": the file ends before a line that is exactly "
                    + GoText.quote(GoText.abbreviate(m.name(), 100))
                    + "; add that line after the here-document body");
          }
          endLine = lines.get(after - 1).number();
          next = after;
          heredocs.add(new Heredoc(m.name(), body.toString(), m.expand(), m.chomp()));
        }
      }
      nodes.add(toNode(parsed, startLine, endLine, target, heredocs));
    }

    /** RUN/COPY/ADD in shell form take here-documents, also when wrapped by ONBUILD (one level). */
    private static InstructionSplitter.Parsed heredocTarget(InstructionSplitter.Parsed p) {
      InstructionSplitter.Parsed t = p.keyword().equals("onbuild") && p.nested() != null ? p.nested() : p;
      boolean allowed = t.keyword().equals("run") || t.keyword().equals("copy") || t.keyword().equals("add");
      return allowed && !t.json() ? t : null;
    }

    private static Node toNode(
        InstructionSplitter.Parsed p, int start, int end, InstructionSplitter.Parsed heredocOwner, List<Heredoc> docs) {
      Node nested = p.nested() == null ? null : toNode(p.nested(), start, end, heredocOwner, docs);
      List<Heredoc> mine = p == heredocOwner ? docs : List.of();
      return new Node(p.keyword(), p.flags(), p.args(), p.json(), start, end, mine, nested, p.original());
    }
  }

  /** A line with its trailing escape character (the continuation marker) removed. */
  private record Continuation(String text, boolean complete) {
    /**
     * The escape character followed only by blanks ends the line, unless it is itself escaped (the
     * character before it is the escape character too).
     */
    static Continuation of(String line, char escape) {
      int end = line.length();
      while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
        end--;
      }
      if (end == 0 || line.charAt(end - 1) != escape) {
        return new Continuation(line, true);
      }
      if (end >= 2 && line.charAt(end - 2) == escape) {
        return new Continuation(line, true);
      }
      return new Continuation(line.substring(0, end - 1), false);
    }
  }
}
