package io.multiarchbuild.engine.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the valid golden Dockerfiles: whatever the input, the parser either
 * returns a tree or throws {@link DockerfileError}, never any other exception, and always finishes.
 * The timeout is only a hang guard (generous, per batch), not a speed assertion.
 */
class DockerfileParserFuzzTest {
  private static final long SEED = 0x5EEDL;
  private static final int BATCHES = 12;
  private static final int RUNS_PER_BATCH = 1000;
  private static final String[] INJECTIONS = {
    "\\", "`", "<<", "<<-", "<<EOF", "\nEOF\n", "\"", "'", "[", "]", "[\"a\", 1]", "--", "--x=", " ", "\t",
    "\n", "\r\n", "\r", "#", "# escape=`\n", "# syntax=x\n", "=", "${", "}", "$", "\u00a0", "\u0085", "\u2028",
    "é", "日本", "😀", "\uFEFF", "\uD800", "\u0000", "ONBUILD ", "HEALTHCHECK CMD ", "ENV ", "\\\n", "`\n"
  };
  private static List<String> seeds;

  @BeforeAll
  static void loadSeeds() throws IOException {
    seeds = new ArrayList<>();
    for (Path dir : DockerfileParserGoldenTest.caseDirs(DockerfileParserGoldenTest.CASES)) {
      seeds.add(Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8));
    }
    assertThat(seeds).isNotEmpty();
  }

  @Test
  void mutatedDockerfiles_onlyEverFailWithDockerfileError() {
    Random random = new Random(SEED);
    int[] runs = {0};
    int[] rejected = {0};
    for (int batch = 0; batch < BATCHES; batch++) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(120),
          () -> {
            for (int i = 0; i < RUNS_PER_BATCH; i++) {
              String input = mutate(random, seeds.get(random.nextInt(seeds.size())));
              try {
                SyntaxTree tree = DockerfileParser.parse("Dockerfile", input);
                assertThat(tree.nodes()).isNotEmpty();
                if (i % 8 == 0) { // the renderers must cope with whatever the parser accepts
                  SyntaxTreeJson.toJson(tree);
                  SyntaxTreeJson.toText(tree);
                }
              } catch (DockerfileError e) {
                assertThat(e.getMessage()).startsWith("Dockerfile").doesNotContain("\n");
                rejected[0]++;
              } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("parser crashed on input " + GoText.quote(GoText.abbreviate(input, 2000)), e);
              }
              runs[0]++;
            }
          });
    }
    assertThat(runs[0]).isEqualTo(BATCHES * RUNS_PER_BATCH);
    // the mutations must exercise both outcomes, or they are too weak (or too destructive)
    assertThat(rejected[0]).isBetween(1, runs[0] - 1);
  }

  static String mutate(Random r, String seed) {
    String s = seed;
    int steps = 1 + r.nextInt(6);
    for (int i = 0; i < steps; i++) {
      s = mutateOnce(r, s);
    }
    return s;
  }

  private static String mutateOnce(Random r, String s) {
    int pos = s.isEmpty() ? 0 : r.nextInt(s.length() + 1);
    switch (r.nextInt(10)) {
      case 0: // delete a run of chars
        if (!s.isEmpty() && pos < s.length()) {
          int end = Math.min(s.length(), pos + 1 + r.nextInt(8));
          return s.substring(0, pos) + s.substring(end);
        }
        return s;
      case 1: // insert a random char (any BMP value, surrogates and controls included)
        return s.substring(0, pos) + (char) r.nextInt(0x10000) + s.substring(pos);
      case 2: // duplicate a chunk
        if (pos < s.length()) {
          int end = Math.min(s.length(), pos + 1 + r.nextInt(40));
          return s.substring(0, end) + s.substring(pos, end) + s.substring(end);
        }
        return s + s;
      case 3: // swap two chars
        if (s.length() >= 2) {
          char[] c = s.toCharArray();
          int a = r.nextInt(c.length);
          int b = r.nextInt(c.length);
          char t = c[a];
          c[a] = c[b];
          c[b] = t;
          return new String(c);
        }
        return s;
      case 4: // swap, delete or duplicate whole lines
        return mutateLines(r, s);
      case 5: // a very long line, sometimes beyond BuildKit's 64 KiB limit
        if (r.nextInt(20) == 0) {
          String unit = INJECTIONS[r.nextInt(INJECTIONS.length)] + "x";
          int length = r.nextBoolean() ? 20_000 : 70_000;
          return s.substring(0, pos) + unit.repeat(length / unit.length()) + s.substring(pos);
        }
        return s.substring(0, pos) + "RUN " + "a".repeat(r.nextInt(3000)) + "\n" + s.substring(pos);
      default: // inject a syntactically interesting token
        return s.substring(0, pos) + INJECTIONS[r.nextInt(INJECTIONS.length)] + s.substring(pos);
    }
  }

  private static String mutateLines(Random r, String s) {
    List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
    int a = r.nextInt(lines.size());
    int b = r.nextInt(lines.size());
    switch (r.nextInt(3)) {
      case 0 -> {
        String t = lines.get(a);
        lines.set(a, lines.get(b));
        lines.set(b, t);
      }
      case 1 -> lines.remove(a);
      default -> lines.add(b, lines.get(a));
    }
    return String.join("\n", lines);
  }
}
