package io.multiarchbuild.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.dockerfile.Heredoc;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hand-written canonical encoding of ops ({@link CacheKeys}) must be byte-identical to what the
 * Jackson mapper below produced when cache keys were defined: users' caches and shared registry
 * caches hold those keys. The mapper lives here only, as the oracle.
 */
class CanonicalEncodingTest {

  /** Exactly the mapper CacheKeys used before the encoding was written by hand. */
  private static final ObjectMapper ORACLE =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .addModule(
              new SimpleModule("canonical")
                  .addSerializer(Digest.class, ToStringSerializer.instance)
                  .addSerializer(Platform.class, ToStringSerializer.instance))
          .build();

  private static String oracle(Op op) throws JsonProcessingException {
    return "multiarch-build/op/v1\n" + op.kind() + "\n" + ORACLE.writeValueAsString(op);
  }

  private static void assertSameAsOracle(Op op) throws JsonProcessingException {
    String expected = oracle(op);
    assertThat(CacheKeys.canonical(op)).as("canonical encoding of %s", op).isEqualTo(expected);
    assertThat(CacheKeys.key(op)).isEqualTo(Digest.sha256(expected));
  }

  @Test
  void canonical_everyOpPlannedFromTheTestDockerfiles_isWhatJacksonWrote() throws Exception {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(Path.of("src/test/resources/dockerfile/corpus"), Path.of("src/test/resources/dockerfile/parser"),
        Path.of("../examples"))) {
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(f -> f.getFileName().toString().equals("Dockerfile")).sorted().forEach(files::add);
      }
    }
    int planned = 0;
    int ops = 0;
    Set<String> kinds = new TreeSet<>();
    List<String> unplannable = new ArrayList<>();
    for (Path file : files) {
      Properties p = expectations(file.getParent());
      Map<String, String> args = new LinkedHashMap<>();
      String raw = p.getProperty("build-args", "");
      for (String kv : raw.isEmpty() ? new String[0] : raw.split(";")) {
        args.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
      // Undeclared proxy args are passed to RUN but are not in the key; a declared-looking odd value is.
      args.putIfAbsent("HTTP_PROXY", "http://user:pw@proxy:3128");
      args.putIfAbsent("VERSION", "1.2 \"quoted\" \\ ünïcødé 🐳");
      BuildPlan plan;
      try {
        plan = Planner.plan(new PlanRequest(Instructions.parse(DockerfileParser.parse("Dockerfile", Files.readString(file))), args,
            p.getProperty("target"), List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), Platform.LINUX_AMD64));
      } catch (RuntimeException e) { // parser fixtures that are not whole builds (no FROM, unknown instruction …)
        unplannable.add(file + ": " + e.getMessage());
        continue;
      }
      planned++;
      for (PlatformPlan pp : plan.platforms()) {
        for (Step step : pp.steps()) {
          assertSameAsOracle(step.op());
          assertThat(step.key()).as("key of %s in %s", step.name(), file).isEqualTo(Digest.sha256(oracle(step.op())));
          kinds.add(step.op().kind());
          ops++;
          if (step.op() instanceof FileCopy c) {
            FileCopy layer = new FileCopy(c.add(), null, c.source(), c.sourceName(), c.sources(), c.contents(), c.dest(), c.chown(),
                c.chmod(), c.link(), c.parents(), c.excludes(), c.checksum(), c.keepGitDir(), c.unpack());
            assertSameAsOracle(layer);
            assertThat(c.layerKey()).isEqualTo(Digest.sha256(oracle(layer)));
          }
        }
      }
    }
    // The corpus and the examples all plan; most parser fixtures do too (the others test the parser alone).
    assertThat(unplannable).allSatisfy(u -> assertThat(u).startsWith("src/test/resources/dockerfile/parser/"));
    assertThat(planned).isGreaterThanOrEqualTo(75);
    assertThat(ops).isGreaterThan(500);
    assertThat(kinds).contains("image", "scratch", "context", "exec", "copy", "add", "mkdir", "metadata", "http", "git");
  }

  @Test
  void canonical_handBuiltOpsOfEveryShape_isWhatJacksonWrote() throws Exception {
    Digest a = Digest.sha256("a");
    Digest b = Digest.sha256("b");
    String odd = "q\"b\\s/n\nr\rt\tb\bf\f\u0000\u0001\u001f\u007f\u0080é中\u2028\u2029\uD83D\uDC33<>&'";
    Map<String, String> oddMap = new LinkedHashMap<>();
    oddMap.put("z", "last");
    oddMap.put("", "empty key");
    oddMap.put("A", null);
    oddMap.put("a\"\\\n", odd);
    oddMap.put("é", "");
    oddMap.put("Z", "upper before lower");
    oddMap.put("10", "digits");
    oddMap.put("9", "string order, not numeric");
    List<Op> ops = new ArrayList<>();
    ops.add(new ScratchSource());
    ops.add(new ImageSource("docker.io/library/alpine:3.19", Platform.LINUX_AMD64));
    ops.add(new ImageSource(null, null));
    ops.add(new ImageSource(ImageSource.LAYOUT_PREFIX + "/abs/dir@" + a, Platform.parse("linux/arm/v7")));
    ops.add(new ContextSource("context", List.of(), List.of()));
    ops.add(new ContextSource(null, List.of(odd, ""), List.of("**/*.tmp", "!keep")));
    ops.add(new RemoteSource("https://example.com/a b?c=\"d\"", false, null, false));
    ops.add(new RemoteSource("git@github.com:o/r.git#main", true, "deadbeef", true));
    ops.add(new MakeDir(a, "/app", ""));
    ops.add(new MakeDir(null, null, null));
    ops.add(new Metadata(a, "env", List.of()));
    ops.add(new Metadata(b, "label", List.of("K=" + odd, "", "x")));
    ops.add(new FileCopy(false, a, null, null, List.of(), List.of(), "/", null, null, false, false, List.of(), null, false, null));
    ops.add(new FileCopy(true, a, b, "context", List.of("src", odd), List.of(new FileCopy.InlineFile("f", odd), new FileCopy.InlineFile(null, null)),
        "/dst dir/", "1000:1000", "0755", true, true, List.of("*.md"), "sha256:" + a.hex(), true, Boolean.FALSE));
    ops.add(new FileCopy(true, null, b, "", List.of(""), List.of(), "", "", "", false, true, List.of(""), "", false, Boolean.TRUE));
    ops.add(new Exec(a, List.of(), List.of(), Map.of(), Map.of(), "", "", List.of(), "default", "sandbox", List.of(), Platform.LINUX_AMD64));
    ops.add(new Exec(null, List.of("/bin/sh", "-c", odd), List.of(new Heredoc("EOF", odd, true, false), new Heredoc("", "", false, true)),
        oddMap, Map.of("HTTP_PROXY", "http://secret@proxy"), null, null,
        List.of(
            new ExecMount(RunMount.parse("type=cache,target=/root/.cache,sharing=locked,mode=0700,uid=1,gid=2", s -> s, "Dockerfile", 1), b,
                "context"),
            new ExecMount(RunMount.parse("type=secret,id=npmrc,env=NPM_TOKEN,required", s -> s, "Dockerfile", 1), null, null),
            new ExecMount(RunMount.parse("type=tmpfs,target=/t,size=64m", s -> s, "Dockerfile", 1), null, "x"),
            new ExecMount(new RunMount(RunMount.MountType.SSH, null, null, null, false, null, null, null, null, null, false, 0, null), a, odd),
            new ExecMount(null, null, null)),
        null, null, List.of("/dev/fuse", odd), null));
    for (Op op : ops) {
      assertSameAsOracle(op);
    }
  }

  @Test
  void canonical_everyUtf16CodeUnit_isEscapedAsJacksonDoes() throws Exception {
    StringBuilder all = new StringBuilder();
    List<String> singles = new ArrayList<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      all.append((char) c);
      singles.add(String.valueOf((char) c));
      if (singles.size() == 4096) {
        assertSameAsOracle(new Metadata(null, "label", singles));
        singles.clear();
      }
    }
    assertSameAsOracle(new Metadata(null, all.toString(), List.of(all.toString(), "\uD83D\uDC33", "\uDC33\uD83D")));
  }

  @Test
  void canonical_generatedOpsWithRandomValues_isWhatJacksonWrote() throws Exception {
    RecordGenerator gen = new RecordGenerator(20261128L, true);
    for (Class<?> type : Op.class.getPermittedSubclasses()) {
      for (int i = 0; i < 300; i++) {
        assertSameAsOracle((Op) gen.record(type));
      }
    }
  }

  /**
   * Guards the hand encoding against new record components: for every op type and every record
   * inside one, the properties written are exactly the components not marked {@code @JsonIgnore}.
   */
  @Test
  void canonical_writesEveryRecordComponentOfEveryOpType() throws Exception {
    RecordGenerator full = new RecordGenerator(7L, false);
    assertThat(Op.class.getPermittedSubclasses()).hasSize(8);
    for (Class<?> type : Op.class.getPermittedSubclasses()) {
      Op op = (Op) full.record(type);
      String canonical = CacheKeys.canonical(op);
      JsonNode json = ORACLE.readTree(canonical.substring(canonical.indexOf('\n', canonical.indexOf('\n') + 1) + 1));
      assertCovers(type, json);
      assertSameAsOracle(op);
    }
  }

  private static void assertCovers(Class<?> record, JsonNode json) {
    Set<String> written = new TreeSet<>();
    json.fieldNames().forEachRemaining(written::add);
    Set<String> components = new TreeSet<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      if (!rc.isAnnotationPresent(JsonIgnore.class) && !rc.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
        components.add(rc.getName());
      }
    }
    assertThat(written).as("properties CacheKeys writes for %s (add new components to CacheKeys.encode)", record.getSimpleName())
        .isEqualTo(components);
    for (RecordComponent rc : record.getRecordComponents()) {
      JsonNode value = json.get(rc.getName());
      if (value == null) {
        continue;
      }
      if (rc.getType().isRecord() && !RecordGenerator.SCALARS.contains(rc.getType())) {
        assertCovers(rc.getType(), value);
      } else if (rc.getType() == List.class) {
        Type element = ((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[0];
        if (element instanceof Class<?> c && c.isRecord() && !RecordGenerator.SCALARS.contains(c)) {
          assertThat(value).as("%s.%s", record.getSimpleName(), rc.getName()).isNotEmpty();
          value.forEach(v -> assertCovers(c, v));
        }
      }
    }
  }

  private static Properties expectations(Path dir) throws IOException {
    Properties p = new Properties();
    Path f = dir.resolve("expect.properties");
    if (Files.exists(f)) {
      try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }
}
