package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviours that the golden files cannot show well (messages, fields outside the JSON, limits). */
class DockerfileParserTest {

  private static SyntaxTree parse(String text) {
    return DockerfileParser.parse("Dockerfile", text);
  }

  @Test
  void parse_lineOverBuildKitLimit_isRejectedNamingTheLine() {
    String text = "FROM alpine\nRUN echo " + "x".repeat(65_536) + "\n";
    assertThatThrownBy(() -> parse(text))
        .isInstanceOf(DockerfileError.class)
        .hasMessage(
            "Dockerfile:2: line is 65545 bytes long, more than the 65535 bytes BuildKit accepts; split it with line continuations");
  }

  @Test
  void parse_lineAtBuildKitLimit_isAccepted() {
    String run = "RUN " + "é".repeat(32_765) + "x";
    assertThat(run.getBytes(StandardCharsets.UTF_8)).hasSize(65_535);
    SyntaxTree tree = parse("FROM a\r\n" + run + "\r\n");
    assertThat(tree.nodes().get(1).args().get(0)).endsWith("éx");
  }

  @Test
  void parse_bytesWithMalformedUtf8_readsReplacementCharacters() {
    byte[] content = {'F', 'R', 'O', 'M', ' ', 'a', (byte) 0xC3, '\n'};
    SyntaxTree tree = DockerfileParser.parse("Dockerfile", content);
    assertThat(tree.nodes().get(0).args()).containsExactly("a\uFFFD");
  }

  @Test
  void parse_byteOrderMarkInBytes_isStripped() {
    byte[] content = "\uFEFFFROM a\n".getBytes(StandardCharsets.UTF_8);
    assertThat(DockerfileParser.parse("Dockerfile", content).nodes().get(0).keyword()).isEqualTo("from");
  }

  @Test
  void parse_emptyContinuationLines_warnOncePerInstructionAtTheFirstEmptyLine() {
    SyntaxTree tree = parse("FROM a\nRUN x \\\n\n  \\\n\n y\n");
    assertThat(tree.warnings()).hasSize(1);
    ParseWarning w = tree.warnings().get(0);
    assertThat(w.rule()).isEqualTo("NoEmptyContinuation");
    assertThat(w.line()).isEqualTo(3);
    assertThat(w.message()).contains("line 2").doesNotContain("\n");
  }

  @Test
  void parse_original_isTheJoinedLineAndTheTriggerText() {
    SyntaxTree tree = parse("FROM a\nONBUILD RUN echo \\\n  hi\n");
    Node onbuild = tree.nodes().get(1);
    assertThat(onbuild.original()).isEqualTo("ONBUILD RUN echo   hi");
    assertThat(onbuild.nested().original()).isEqualTo("RUN echo   hi");
    assertThat(onbuild.nested().startLine()).isEqualTo(2);
    assertThat(onbuild.nested().endLine()).isEqualTo(3);
    assertThat(onbuild.args()).isEmpty();
  }

  @Test
  void parse_heredocDelimiterWithQuotedSpace_isOneWord() {
    Node run = parse("FROM a\nRUN <<\"A B\" cat\nbody\nA B\n").nodes().get(1);
    assertThat(run.heredocs()).containsExactly(new Heredoc("A B", "body\n", false, false));
  }

  @Test
  void parse_heredocTerminatorOnLastLineWithoutNewline_terminates() {
    Node run = parse("FROM a\nRUN <<EOF\nbody\nEOF").nodes().get(1);
    assertThat(run.heredocs().get(0).content()).isEqualTo("body\n");
    assertThat(run.endLine()).isEqualTo(4);
  }

  @Test
  void parse_heredocInExecForm_isNotRead() {
    SyntaxTree tree = parse("FROM a\nCOPY [\"<<EOF\", \"/x\"]\nRUN true\n");
    assertThat(tree.nodes()).hasSize(3);
    assertThat(tree.nodes().get(1).heredocs()).isEmpty();
  }

  @Test
  void parse_directiveWithOnlyBlanksAfterEquals_takesTheLastBlankAsValue() {
    // BuildKit's regex matches "# escape=  " with the value " ", which is then an invalid token
    assertThatThrownBy(() -> parse("# escape=  \nFROM a\n"))
        .isInstanceOf(DockerfileError.class)
        .hasMessageStartingWith("Dockerfile:1: invalid escape token ' '");
    assertThat(DirectiveScanner.match("#check=\t")).containsExactly("check", "\t");
    assertThat(DirectiveScanner.match("#check=")).isNull();
    assertThat(DirectiveScanner.match("#1a=b")).isNull();
    assertThat(DirectiveScanner.match("# a9 = b c  ")).containsExactly("a9", "b c");
  }

  @Test
  void parse_syntaxDirective_acceptsEveryBuiltInSpelling() {
    for (String syntax :
        List.of(
            "docker/dockerfile:1",
            "docker/dockerfile:1.26",
            "docker/dockerfile:1.4.3",
            "docker/dockerfile:1-labs",
            "docker/dockerfile:1.7-labs",
            "docker.io/docker/dockerfile:1",
            "docker/dockerfile:1@sha256:" + "0".repeat(64),
            "docker/dockerfile:1 --some-frontend-arg")) {
      SyntaxTree tree = parse("# syntax=" + syntax + "\nFROM a\n");
      assertThat(tree.directives()).containsExactly(new Directive("syntax", syntax, 1));
    }
  }

  @Test
  void jsonReader_followsGoRules() {
    assertThat(JsonArrayReader.read("[\"\\ud800x\"]").strings()).containsExactly("\uFFFDx");
    assertThat(JsonArrayReader.read("  [\"a\" ,\n\"b\"]\r\n").strings()).containsExactly("a", "b");
    assertThat(JsonArrayReader.read("[-0.5E+3]").kind()).isEqualTo(JsonArrayReader.Kind.NOT_ALL_STRINGS);
    assertThat(JsonArrayReader.read("[{\"k\": {\"n\": [true, false, null, {}]}}, \"x\"]").kind())
        .isEqualTo(JsonArrayReader.Kind.NOT_ALL_STRINGS);
    // Go fails to decode 1e999 into a float64, so the text is shell form rather than an error
    assertThat(JsonArrayReader.read("[\"a\", [1e999]]").kind()).isEqualTo(JsonArrayReader.Kind.NOT_JSON);
    assertThat(JsonArrayReader.read("[1e-999]").kind()).isEqualTo(JsonArrayReader.Kind.NOT_ALL_STRINGS);
    for (String invalid :
        List.of("[", "[\"a\"", "[\"a\",]", "[+1]", "[.5]", "[1.]", "[01]", "[\"\t\"]", "[\"\\x\"]", "[\"\\u12\"]",
            "[{\"a\" 1}]", "[{1: 2}]", "[nul]", "[]]", "[] x", "['a']", "[\"a\"]\u000b")) {
      assertThat(JsonArrayReader.read(invalid).kind()).as(invalid).isEqualTo(JsonArrayReader.Kind.NOT_JSON);
    }
  }

  @Test
  void parse_pathologicalInputs_finish() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          String deep = "[".repeat(20_000) + "]".repeat(20_000);
          assertThat(parse("FROM a\nRUN " + deep + "\n").nodes().get(1).json()).isFalse();
          String braces = "${".repeat(30_000);
          assertThat(parse("FROM a\nRUN <<EOF " + braces + "\n").nodes()).hasSize(2);
          String directive = "# check=skip=all" + " ".repeat(60_000) + "x";
          assertThat(parse(directive + "\nFROM a\n").directives().get(0).value()).endsWith(" x");
          assertThatThrownBy(() -> parse("# escape=`" + " ".repeat(60_000) + "x\nFROM a\n"))
              .hasMessageEndingWith("...' does not match ` or \\; write '# escape=\\' or '# escape=`'");
          String onbuilds = "ONBUILD ".repeat(8) + "RUN x";
          assertThat(parse("FROM a\n" + onbuilds + "\n").nodes()).hasSize(2);
          String markers = "<<A ".repeat(5_000);
          assertThatThrownBy(() -> parse("FROM a\nRUN " + markers + "\nA\n"))
              .hasMessageStartingWith("Dockerfile:2: unterminated heredoc <<A");
        });
  }

  @Test
  void error_carriesFileAndLine() {
    DockerfileError e =
        (DockerfileError) org.assertj.core.api.Assertions.catchThrowable(
            () -> DockerfileParser.parse("build/Dockerfile.prod", "FROM a\nENV X\n"));
    assertThat(e.fileName()).isEqualTo("build/Dockerfile.prod");
    assertThat(e.line()).isEqualTo(2);
    assertThat(e.getMessage()).startsWith("build/Dockerfile.prod:2: ");
  }
}
