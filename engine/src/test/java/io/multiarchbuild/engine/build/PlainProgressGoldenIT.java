package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.ByteArrayOutputStream;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.progress.Renderers;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vertex names of the plain progress output (as `build --progress=plain` prints it) against what BuildKit printed for the same context. */
class PlainProgressGoldenIT {

  private static final Path GOLDEN = Path.of("src/test/resources/progress/scratch-build");
  private static final Pattern VERTEX_LINE = Pattern.compile("^#(\\d+) (.*)$");

  @BeforeAll
  static void components() {
    TestEnvironment.requireRunc();
  }

  /** Each vertex's name: the text of the first line printed for its number. */
  static List<String> vertexNames(String plain) {
    Map<String, String> names = new LinkedHashMap<>();
    for (String line : plain.split("\n")) {
      Matcher m = VERTEX_LINE.matcher(line);
      if (m.matches()) {
        names.putIfAbsent(m.group(1), m.group(2));
      }
    }
    return names.values().stream().toList();
  }

  @Test
  void build_scratchStagesAndTwoContextCopies_noScratchVertexOneContextVertex_namesAsBuildKitPrintsThem(@TempDir Path ctx, @TempDir Path cache) throws Exception {
    for (String f : List.of("Dockerfile", "a.txt", "b.txt", ".dockerignore")) {
      Files.copy(GOLDEN.resolve(f), ctx.resolve(f));
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // The renderer `build --progress=plain` writes to stderr with.
    try (ProgressSink plainSink = Renderers.forMode("plain", new PrintStream(err, true, StandardCharsets.UTF_8), false)) {
      Build.run(BuildFixtures.request(ctx, cache, Platform.LINUX_AMD64).noCache(true).build(), plainSink);
    }

    String plain = err.toString(StandardCharsets.UTF_8);
    // BuildKit's export vertex depends on where the image goes (this build exports nothing).
    List<String> expected = Files.readAllLines(GOLDEN.resolve("vertices.txt")).stream()
        .filter(l -> !l.startsWith("#") && !l.isBlank() && !l.startsWith("exporting")).sorted().toList();
    List<String> actual = vertexNames(plain).stream().filter(n -> !n.startsWith("exporting")).sorted().toList();
    assertThat(actual).as(plain).containsExactlyElementsOf(expected);
    assertThat(plain).doesNotContain("FROM scratch");
  }
}
