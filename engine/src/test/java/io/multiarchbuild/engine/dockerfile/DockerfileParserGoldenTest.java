package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Data-driven cases: every {@code dockerfile/parser/<case>/Dockerfile} must parse to the JSON in
 * {@code expected.json} (and to the warnings in {@code warnings.txt}, one {@code line rule} per line,
 * or none if the file is absent, and to the escape character and directives in {@code
 * directives.txt}, or {@code \} and none if it is absent); every {@code dockerfile/parser-negative/<case>/Dockerfile} must be
 * rejected with exactly the one-line message in {@code error.txt}.
 *
 * <p>The expected files are reviewed by hand. {@code -Ddockerfile.golden.regenerate=true} rewrites
 * them from the current parser (into {@code src/test/resources}) for a first draft only; it is off by
 * default.
 */
class DockerfileParserGoldenTest {
  static final Path CASES = Path.of("src/test/resources/dockerfile/parser");
  static final Path NEGATIVE = Path.of("src/test/resources/dockerfile/parser-negative");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final boolean REGENERATE = Boolean.getBoolean("dockerfile.golden.regenerate");

  static List<Path> caseDirs(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  @Test
  void corpus_hasEnoughCases() throws IOException {
    assertThat(caseDirs(CASES)).hasSizeGreaterThanOrEqualTo(30);
    assertThat(caseDirs(NEGATIVE)).hasSizeGreaterThanOrEqualTo(15);
  }

  @TestFactory
  Stream<DynamicTest> validDockerfile_parsesToExpectedJson() throws IOException {
    return caseDirs(CASES).stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> checkValid(dir)));
  }

  @TestFactory
  Stream<DynamicTest> invalidDockerfile_isRejectedWithExpectedMessage() throws IOException {
    return caseDirs(NEGATIVE)
        .stream()
        .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> checkInvalid(dir)));
  }

  private static void checkValid(Path dir) throws IOException {
    SyntaxTree tree = DockerfileParser.parse("Dockerfile", Files.readAllBytes(dir.resolve("Dockerfile")));
    String json = SyntaxTreeJson.toJson(tree);
    String warnings = renderWarnings(tree);
    String directives = renderDirectives(tree);
    Path expected = dir.resolve("expected.json");
    Path expectedWarnings = dir.resolve("warnings.txt");
    if (REGENERATE) {
      Files.writeString(expected, json + "\n", StandardCharsets.UTF_8);
      if (!warnings.isEmpty()) {
        Files.writeString(expectedWarnings, warnings, StandardCharsets.UTF_8);
      }
      if (!directives.equals(DEFAULT_DIRECTIVES)) {
        Files.writeString(dir.resolve("directives.txt"), directives, StandardCharsets.UTF_8);
      }
    }
    JsonNode want = MAPPER.readTree(Files.readString(expected, StandardCharsets.UTF_8));
    assertThat(MAPPER.readTree(json)).as(dir.toString()).isEqualTo(want);
    String wantWarnings =
        Files.exists(expectedWarnings) ? Files.readString(expectedWarnings, StandardCharsets.UTF_8) : "";
    assertThat(warnings).as(dir + " warnings").isEqualTo(wantWarnings);
    Path expectedDirectives = dir.resolve("directives.txt");
    String wantDirectives =
        Files.exists(expectedDirectives)
            ? Files.readString(expectedDirectives, StandardCharsets.UTF_8)
            : DEFAULT_DIRECTIVES;
    assertThat(directives).as(dir + " directives").isEqualTo(wantDirectives);
  }

  private static final String DEFAULT_DIRECTIVES = "escape \\\n";

  private static String renderDirectives(SyntaxTree tree) {
    StringBuilder b = new StringBuilder("escape ").append(tree.escape()).append('\n');
    for (Directive d : tree.directives()) {
      b.append(d.line()).append(' ').append(d.name()).append('=').append(d.value()).append('\n');
    }
    return b.toString();
  }

  private static String renderWarnings(SyntaxTree tree) {
    StringBuilder b = new StringBuilder();
    for (ParseWarning w : tree.warnings()) {
      b.append(w.line()).append(' ').append(w.rule()).append('\n');
    }
    return b.toString();
  }

  private static void checkInvalid(Path dir) throws IOException {
    byte[] content = Files.readAllBytes(dir.resolve("Dockerfile"));
    String want = Files.readString(dir.resolve("error.txt"), StandardCharsets.UTF_8).strip();
    assertThatThrownBy(() -> DockerfileParser.parse("Dockerfile", content))
        .as(dir.toString())
        .isInstanceOf(DockerfileError.class)
        .hasMessage(want);
  }
}
