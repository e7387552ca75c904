package io.multiarchbuild.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No engine code reads the state of the process it runs in — environment, working directory, home,
 * standard streams, console — nor adds JVM shutdown hooks or exits, except at the process edge: a build
 * server runs the commands of many callers in one JVM, each with its own directory, environment and
 * terminal, handed down as {@code cli.Invocation} and {@code BuildRequest} values.
 */
class ProcessStateTest {

  private static final Path SOURCES = Path.of("src/main/java/io/multiarchbuild/engine");

  /** What a command must take from its caller instead. */
  private static final Map<String, Pattern> FORBIDDEN = Map.of(
      "System.getenv", Pattern.compile("System\\.getenv\\s*\\("),
      "user.home", Pattern.compile("System\\.getProperty\\s*\\(\\s*\"user\\.home\""),
      "user.dir", Pattern.compile("System\\.getProperty\\s*\\(\\s*\"user\\.dir\""),
      "System.out/err/in", Pattern.compile("System\\.(out|err|in)\\b"),
      "System.console", Pattern.compile("System\\.console\\s*\\("),
      "addShutdownHook", Pattern.compile("addShutdownHook"),
      "System.exit", Pattern.compile("System\\.exit\\s*\\("),
      "the JVM's working directory", Pattern.compile("(Path\\.of|Paths\\.get)\\s*\\(\\s*\"\"\\s*\\)"));

  /**
   * The process edge, where reading the process is the point: {@code Main.main} (runs the CLI for this
   * process, adds the Ctrl-C hook, exits) and {@code Invocation.ofProcess} (this process as a caller).
   * Nothing else is excepted: nothing below them holds truly process-wide state of the caller's kind.
   */
  private static final Map<String, String> EDGE = Map.of(
      "cli/Main.java", "public static void main(String[] args) {",
      "cli/Invocation.java", "public static Invocation ofProcess() {",
      // the build server's two processes: the client relays its own process state, the server its own exit
      "server/Client.java", "public static void main(String[] args) {",
      "server/Server.java", "public static void main(String[] args) throws Exception {");

  @Test
  void mainSources_readNoProcessState_outsideTheProcessEdge() throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(SOURCES)) {
      files = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(files).as("engine sources under " + SOURCES.toAbsolutePath()).hasSizeGreaterThan(100);
    for (Path file : files) {
      String rel = SOURCES.relativize(file).toString().replace('\\', '/');
      List<String> lines = Files.readAllLines(file);
      boolean[] edge = edgeLines(lines, EDGE.get(rel));
      for (int i = 0; i < lines.size(); i++) {
        String code = code(lines.get(i));
        if (edge[i] || code.isEmpty()) {
          continue;
        }
        for (Map.Entry<String, Pattern> f : FORBIDDEN.entrySet()) {
          if (f.getValue().matcher(code).find()) {
            found.add(rel + ":" + (i + 1) + ": " + f.getKey() + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertThat(found)
        .as("process state read below the process edge; take it from the Invocation / BuildRequest instead")
        .isEmpty();
  }

  @Test
  void theEdgeMethods_exist_soTheExceptionsStillMeanSomething() throws IOException {
    for (Map.Entry<String, String> e : EDGE.entrySet()) {
      List<String> lines = Files.readAllLines(SOURCES.resolve(e.getKey()));
      assertThat(lines).as(e.getKey()).anyMatch(l -> l.strip().equals(e.getValue()));
    }
  }

  /** The line's code without comments (a Javadoc or block comment line, a trailing {@code //} comment). */
  private static String code(String line) {
    String t = line.strip();
    if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
      return "";
    }
    int comment = t.indexOf("//");
    return comment < 0 ? t : t.substring(0, comment);
  }

  /** Marks the lines of the method whose header is {@code header} (to its closing brace). */
  private static boolean[] edgeLines(List<String> lines, String header) {
    boolean[] edge = new boolean[lines.size()];
    if (header == null) {
      return edge;
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(header)) {
        int depth = 0;
        for (int j = i; j < lines.size(); j++) {
          String c = code(lines.get(j));
          depth += count(c, '{') - count(c, '}');
          edge[j] = true;
          if (depth == 0 && j > i) {
            break;
          }
        }
      }
    }
    return edge;
  }

  private static int count(String s, char c) {
    return (int) s.chars().filter(x -> x == c).count();
  }
}
