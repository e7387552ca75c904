package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfileParseCommandTest {
  private static final String DOCKERFILE =
      "# syntax=docker/dockerfile:1\n"
          + "FROM alpine AS base\n"
          + "RUN --mount=type=cache,target=/c <<EOF\n"
          + "echo hi\n"
          + "EOF\n"
          + "ONBUILD CMD [\"x\"]\n";

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path write(String text) throws IOException {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void parse_json_printsTheDocumentedFormat() throws IOException {
    Path file = write(DOCKERFILE);
    assertThat(run("dockerfile", "parse", "-f", file.toString())).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .isEqualTo(
            """
            [
              {
                "instruction": "from",
                "flags": [],
                "args": [
                  "alpine",
                  "AS",
                  "base"
                ],
                "json": false,
                "startLine": 2,
                "endLine": 2,
                "heredocs": []
              },
              {
                "instruction": "run",
                "flags": [
                  "--mount=type=cache,target=/c"
                ],
                "args": [
                  "<<EOF"
                ],
                "json": false,
                "startLine": 3,
                "endLine": 5,
                "heredocs": [
                  {
                    "name": "EOF",
                    "content": "echo hi\\n",
                    "expand": true
                  }
                ]
              },
              {
                "instruction": "onbuild",
                "flags": [],
                "args": [
                  {
                    "instruction": "cmd",
                    "flags": [],
                    "args": [
                      "x"
                    ],
                    "json": true,
                    "startLine": 6,
                    "endLine": 6,
                    "heredocs": []
                  }
                ],
                "json": false,
                "startLine": 6,
                "endLine": 6,
                "heredocs": []
              }
            ]
            """);
  }

  @Test
  void parse_text_printsOneLinePerInstruction() throws IOException {
    Path file = write(DOCKERFILE);
    assertThat(run("dockerfile", "parse", "--file", file.toString(), "--format", "text")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            """
            2 from "alpine" "AS" "base"
            3-5 run --mount=type=cache,target=/c "<<EOF"
                <<EOF: "echo hi\\n"
            6 onbuild cmd ["x"]
            """);
  }

  @Test
  void parse_dashFile_readsStandardInput() {
    CommandLineWithStdin cli = new CommandLineWithStdin("FROM scratch\nCMD [\"/app\"]\n");
    assertThat(cli.run("dockerfile", "parse", "-f", "-")).isZero();
    JsonNode json = readJson(cli.out.toString());
    assertThat(json).hasSize(2);
    assertThat(json.get(1).get("json").asBoolean()).isTrue();
  }

  @Test
  void parse_defaultFile_isDockerfileInTheCurrentDirectory() {
    // the tests run in the engine module directory, which has no Dockerfile
    assertThat(run("dockerfile", "parse")).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(err.toString()).isEqualTo("error: Dockerfile: no such file; pass the Dockerfile with -f FILE\n");
  }

  @Test
  void parse_rejectedFile_exitsNonZeroWithOneLine() throws IOException {
    Path file = write("FROM alpine\n\nRUN <<EOF\nnever closed\n");
    assertThat(run("dockerfile", "parse", "-f", file.toString())).isEqualTo(Main.EXIT_USER_ERROR);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .isEqualTo(
            "error: "
                + file
                + ":3: unterminated heredoc <<EOF: the file ends before a line that is exactly \"EOF\"; add that line after the here-document body\n");
  }

  @Test
  void parse_warnings_goToStderrAndDoNotFail() throws IOException {
    Path file = write("FROM a\nRUN echo \\\n\n  hi\n");
    assertThat(run("dockerfile", "parse", "-f", file.toString(), "--format", "text")).isZero();
    assertThat(out.toString()).isEqualTo("1 from \"a\"\n2-4 run \"echo   hi\"\n");
    assertThat(err.toString())
        .isEqualTo(
            "warning: "
                + file
                + ":3: empty continuation line in the instruction starting at line 2; remove it (empty continuation"
                + " lines will become errors in a future release) [NoEmptyContinuation]\n");
  }

  @Test
  void parse_unknownFormat_isAUsageError() throws IOException {
    Path file = write("FROM a\n");
    assertThat(run("dockerfile", "parse", "-f", file.toString(), "--format", "yaml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format").doesNotContain("\tat ");
  }

  @Test
  void parse_help_describesOptions() {
    assertThat(run("dockerfile", "parse", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: multiarch-build dockerfile parse").contains("-f, --file=FILE")
        .contains("--format=FORMAT").contains("json, text");
  }

  @Test
  void dockerfileHelp_listsParse() {
    assertThat(run("dockerfile", "--help")).isZero();
    assertThat(out.toString()).contains("parse");
  }

  private static JsonNode readJson(String s) {
    try {
      return new ObjectMapper().readTree(s);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + s, e);
    }
  }

  /** Runs the CLI with a replaced standard input (the command reads it through a field). */
  private static final class CommandLineWithStdin {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final String stdin;

    CommandLineWithStdin(String stdin) {
      this.stdin = stdin;
    }

    int run(String... args) {
      java.io.InputStream saved = System.in;
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      try {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
      } finally {
        System.setIn(saved);
      }
    }
  }
}
