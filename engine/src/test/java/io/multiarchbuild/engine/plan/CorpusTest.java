package io.multiarchbuild.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Parses and plans every Dockerfile of {@code src/test/resources/dockerfile/corpus} (for
 * linux/amd64 and linux/arm64 unless the case says otherwise) and checks the properties in its
 * {@code expect.properties}; the error corpus checks exact one-line messages. Properties refer to
 * the graph of the last platform. Every key must be understood, so a typo fails instead of passing.
 */
class CorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/dockerfile/corpus");
  private static final Path ERRORS = Path.of("src/test/resources/dockerfile/corpus-errors");

  @Test
  void corpus_hasAtLeastFortyCases() throws IOException {
    assertThat(cases(CORPUS)).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases(ERRORS)).hasSizeGreaterThanOrEqualTo(6);
  }

  @TestFactory
  Stream<DynamicTest> corpus_plansWithTheExpectedProperties() throws IOException {
    return cases(CORPUS).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
  }

  @TestFactory
  Stream<DynamicTest> errorCorpus_failsWithTheExactMessage() throws IOException {
    return cases(ERRORS).stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      Properties p = load(dir);
      assertThatThrownBy(() -> plan(dir, p)).isInstanceOf(DockerfileError.class).hasMessage(p.getProperty("error"));
    }));
  }

  private static List<Path> cases(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).sorted().toList();
    }
  }

  private static Properties load(Path dir) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("expect.properties"), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }

  static BuildPlan plan(Path dir, Properties p) throws IOException {
    String text = Files.readString(dir.resolve("Dockerfile"), StandardCharsets.UTF_8);
    Map<String, String> args = new LinkedHashMap<>();
    String raw = p.getProperty("build-args", "");
    for (String kv : raw.isEmpty() ? new String[0] : raw.split(";")) {
      int eq = kv.indexOf('=');
      args.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    List<Platform> platforms =
        Stream.of(p.getProperty("platforms", "linux/amd64,linux/arm64").split(",")).map(Platform::parse).toList();
    return Planner.plan(
        new PlanRequest(Instructions.parse(DockerfileParser.parse("Dockerfile", text)), args, p.getProperty("target"), platforms, Platform.LINUX_AMD64));
  }

  private static void check(Path dir) throws Exception {
    Properties p = load(dir);
    BuildPlan plan = plan(dir, p);
    PlatformPlan last = plan.platforms().get(plan.platforms().size() - 1);
    // Sanity for every case: keys are deterministic and steps are in dependency order.
    assertThat(plan(dir, p)).isEqualTo(plan);
    for (PlatformPlan pp : plan.platforms()) {
      Set<Digest> seen = new HashSet<>();
      for (Step s : pp.steps()) {
        assertThat(seen).as("inputs of %s come first", s.name()).containsAll(s.op().inputs());
        seen.add(s.key());
      }
    }
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      String expected = p.getProperty(key);
      if (List.of("build-args", "platforms", "target").contains(key)) {
        continue;
      }
      String actual = actual(key, plan, last);
      if (key.startsWith("vertex.")) {
        assertThat(last.steps()).as(key).extracting(Step::name).contains(expected);
      } else if (key.equals("warnings.contain")) {
        assertThat(plan.warnings()).as(key).anySatisfy(w -> assertThat(w).contains(expected));
      } else {
        assertThat(actual).as(key).isEqualTo(expected);
      }
    }
  }

  private static String actual(String key, BuildPlan plan, PlatformPlan last) throws Exception {
    String[] parts = key.split("\\.");
    switch (parts[0]) {
      case "stages":
        return last.stages().stream().map(PlannedStage::name).collect(Collectors.joining(","));
      case "ops":
        return String.valueOf(ops(last, parts[1]).size());
      case "shared": {
        Set<Digest> a = keys(plan.platforms().get(0));
        a.retainAll(keys(plan.platforms().get(1)));
        return String.valueOf(a.size());
      }
      case "platform":
        return stage(last, key.substring("platform.".length())).platform().toString();
      case "config":
        return field(last.targetStage().config(), parts[1]);
      case "stage": {
        PlannedStage s = stage(last, parts[1]);
        return parts[2].equals("config") ? field(s.config(), parts[3]) : field(s, parts[2]);
      }
      case "mounts":
        return mounts(last).stream().map(m -> m.mount().type().id()).collect(Collectors.joining(","));
      case "mount": {
        return mounts(last).stream().map(m -> {
          Object v = switch (parts[1]) {
            case "targets" -> m.mount().target();
            case "ids" -> m.mount().id();
            case "sharing" -> m.mount().sharing();
            case "sizes" -> m.mount().sizeBytes();
            case "inputs" -> m.inputName();
            default -> throw new AssertionError("unknown property " + key);
          };
          return v == null ? "" : v.toString();
        }).collect(Collectors.joining(","));
      }
      case "copy", "add", "exec": {
        List<Op> ops = ops(last, parts[0]).stream().map(Step::op).toList();
        if (parts[1].equals("dests")) {
          return ops.stream().map(o -> ((FileCopy) o).dest()).collect(Collectors.joining(","));
        }
        if (parts[1].equals("links")) {
          return ops.stream().map(o -> String.valueOf(((FileCopy) o).link())).collect(Collectors.joining(","));
        }
        if (parts[1].equals("contents")) {
          return ((FileCopy) ops.get(0)).contents().get(0).content();
        }
        if (parts[1].equals("argv0")) {
          return ops.stream().map(o -> ((Exec) o).args().get(0)).collect(Collectors.joining(","));
        }
        Op op = ops.get(Integer.parseInt(parts[1]));
        if (parts[2].equals("content")) {
          return ((FileCopy) op).contents().get(0).content();
        }
        return field(op, parts[2]);
      }
      case "image":
        return ops(last, "image").stream().map(s -> ((ImageSource) s.op()).ref()).collect(Collectors.joining(","));
      case "heredocs":
        return ops(last, "exec").stream().flatMap(s -> ((Exec) s.op()).heredocs().stream()).map(h -> h.name()).collect(Collectors.joining(","));
      case "vertex", "warnings":
        return null;
      default:
        fail("unknown property " + key);
        return null;
    }
  }

  private static List<Step> ops(PlatformPlan p, String kind) {
    return p.steps().stream().filter(s -> s.op().kind().equals(kind)).toList();
  }

  private static Set<Digest> keys(PlatformPlan p) {
    return p.steps().stream().map(Step::key).collect(Collectors.toCollection(HashSet::new));
  }

  private static List<ExecMount> mounts(PlatformPlan p) {
    List<ExecMount> out = new ArrayList<>();
    ops(p, "exec").forEach(s -> out.addAll(((Exec) s.op()).mounts()));
    return out;
  }

  private static PlannedStage stage(PlatformPlan p, String name) {
    return p.stages().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no stage " + name));
  }

  private static String field(Object record, String name) throws Exception {
    Method m = record.getClass().getMethod(name);
    return Objects.toString(m.invoke(record));
  }
}
