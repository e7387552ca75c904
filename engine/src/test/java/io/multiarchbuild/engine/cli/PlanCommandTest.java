package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private void dockerfile(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text);
  }

  private static final String GO =
      """
      FROM --platform=$BUILDPLATFORM golang:1.22 AS build
      ARG TARGETARCH
      COPY . /src
      RUN GOARCH=$TARGETARCH go build -o /app ./src
      FROM alpine:3.20 AS test
      RUN echo test
      FROM gcr.io/distroless/static
      COPY --from=build /app /app
      ENTRYPOINT ["/app"]
      """;

  @Test
  void plan_text_showsEachPlatformsStagesAndVertices() throws IOException {
    dockerfile("Dockerfile", GO);
    assertThat(run("plan", dir.toString(), "--platform", "linux/amd64,linux/arm64")).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("platform linux/amd64")
        .contains("platform linux/arm64")
        .contains("[linux/arm64 build 3/3] RUN GOARCH=$TARGETARCH go build -o /app ./src")
        .contains("stage 2 stage-2 (linux/arm64, from gcr.io/distroless/static:latest) needs build [target]")
        .doesNotContain("echo test");
  }

  @Test
  void plan_json_isStableAndFollowsTheDocumentedShape() throws IOException {
    dockerfile("Dockerfile", GO);
    assertThat(run("plan", dir.toString(), "--platform=linux/amd64", "--platform=linux/arm64", "--format", "json")).isZero();
    String first = out.toString();
    JsonNode root = new ObjectMapper().readTree(first);
    assertThat(root.get("schema").asText()).isEqualTo("multiarch-build.plan/v1");
    assertThat(root.get("platforms")).hasSize(2);
    JsonNode arm = root.get("platforms").get(1);
    assertThat(arm.get("platform").asText()).isEqualTo("linux/arm64");
    assertThat(arm.get("stages")).extracting(s -> s.get("name").asText()).containsExactly("build", "stage-2");
    JsonNode exec = null;
    for (JsonNode op : arm.get("ops")) {
      if (op.get("kind").asText().equals("exec")) {
        exec = op;
      }
    }
    assertThat(exec.get("op").get("env").get("TARGETARCH").asText()).isEqualTo("arm64");
    assertThat(exec.get("key").asText()).startsWith("sha256:");
    out.getBuffer().setLength(0);
    run("plan", dir.toString(), "--platform=linux/amd64", "--platform=linux/arm64", "--format", "json");
    assertThat(out.toString()).isEqualTo(first);
  }

  @Test
  void plan_targetFileAndBuildArgs_areHonoured() throws IOException {
    dockerfile("ci.Dockerfile", "FROM alpine AS a\nARG PATH\nARG V\nRUN echo $V\nFROM a AS b\n");
    assertThat(run("plan", dir.toString(), "-f", dir.resolve("ci.Dockerfile").toString(), "--target", "a", "--build-arg", "V=7",
        "--build-arg", "PATH", "--format", "json", "--platform", "linux/arm64")).isZero();
    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(root.get("target").asText()).isEqualTo("a");
    JsonNode env = root.get("platforms").get(0).get("ops").get(1).get("op").get("env");
    assertThat(env.get("V").asText()).isEqualTo("7");
    assertThat(env.get("PATH").asText()).isEqualTo(System.getenv("PATH"));
  }

  @Test
  void plan_dockerignore_becomesContextExcludes() throws IOException {
    dockerfile("Dockerfile", "FROM alpine\nCOPY . /src\n");
    Files.writeString(dir.resolve(".dockerignore"), "# comment\nnode_modules\n*.log\n");
    assertThat(run("plan", dir.toString(), "--format", "json")).isZero();
    JsonNode ctx = new ObjectMapper().readTree(out.toString()).get("platforms").get(0).get("ops").get(1);
    assertThat(ctx.get("kind").asText()).isEqualTo("context");
    assertThat(ctx.get("op").get("excludes")).extracting(JsonNode::asText).containsExactly("node_modules", "*.log");
  }

  @Test
  void plan_dockerfileError_isOneLineWithTheLine() throws IOException {
    dockerfile("Dockerfile", "FROM alpine\nWORKDIR /app\nCOPY --chwon=1 . .\n");
    assertThat(run("plan", dir.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + dir.resolve("Dockerfile") + ":3: unknown flag: --chwon for COPY (did you mean --chown?)");
  }

  @Test
  void plan_missingDockerfileOrBadPlatform_isAUserError() throws IOException {
    assertThat(run("plan", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("error: Dockerfile not found: " + dir.resolve("Dockerfile")).doesNotContain("\tat ");
    dockerfile("Dockerfile", "FROM alpine\n");
    err.getBuffer().setLength(0);
    assertThat(run("plan", dir.toString(), "--platform", "linux//arm")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: invalid --platform \"linux//arm\": use os/arch[/variant], e.g. linux/arm64");
  }

  /** A cache that remembers {@code ref} for linux/amd64 as an image with WorkingDir /app and ENV A=1. */
  private Path cacheRemembering(String ref) throws IOException {
    Path root = dir.resolve("cache");
    io.multiarchbuild.engine.cache.CacheDir cache = io.multiarchbuild.engine.cache.CacheDir.open(root);
    byte[] config = """
        {"architecture":"amd64","os":"linux","config":{"WorkingDir":"/app","Env":["A=1"]},"rootfs":{"type":"layers","diff_ids":[]}}"""
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    io.multiarchbuild.engine.oci.Digest digest = cache.blobs().put(config);
    byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
        + "{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest + "\",\"size\":" + config.length
        + "},\"layers\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    cache.resolvedImages().put(ref, "linux/amd64", manifest, "application/vnd.oci.image.manifest.v1+json");
    return root;
  }

  private static JsonNode op(JsonNode root, String kind) {
    for (JsonNode op : root.get("platforms").get(0).get("ops")) {
      if (op.get("kind").asText().equals(kind)) {
        return op.get("op");
      }
    }
    throw new AssertionError("no " + kind + " op");
  }

  @Test
  void plan_baseConfigInTheCache_relativePathsStartAtItsWorkingDir() throws IOException {
    dockerfile("Dockerfile", "FROM registry.example/team/base:1\nCOPY a.txt rel/\nWORKDIR sub\n");
    Path cache = cacheRemembering("registry.example/team/base:1");

    assertThat(run("plan", dir.toString(), "--platform", "linux/amd64", "--cache-dir", cache.toString(), "--format", "json")).isZero();

    JsonNode root = new ObjectMapper().readTree(out.toString());
    assertThat(op(root, "copy").get("dest").asText()).isEqualTo("/app/rel/");
    assertThat(op(root, "mkdir").get("path").asText()).isEqualTo("/app/sub");
    assertThat(root.get("baseConfigs")).hasSize(1);
    assertThat(root.get("baseConfigs").get(0).get("ref").asText()).isEqualTo("registry.example/team/base:1");
    assertThat(root.get("baseConfigs").get(0).get("source").asText()).isEqualTo("cache");
  }

  @Test
  void plan_baseConfigNotInTheCache_saysSoInJsonAndText() throws IOException {
    dockerfile("Dockerfile", "FROM registry.example/team/other:2\nCOPY a.txt rel/\n");
    Path cache = cacheRemembering("registry.example/team/base:1");

    assertThat(run("plan", dir.toString(), "--platform", "linux/amd64", "--cache-dir", cache.toString(), "--format", "json")).isZero();
    JsonNode root = new ObjectMapper().readTree(out.toString());
    out.getBuffer().setLength(0);
    assertThat(run("plan", dir.toString(), "--platform", "linux/amd64", "--cache-dir", dir.resolve("no-cache-here").toString())).isZero();

    assertThat(op(root, "copy").get("dest").asText()).isEqualTo("/rel/");
    assertThat(root.get("baseConfigs").get(0).get("source").asText()).isEqualTo("unknown");
    assertThat(out.toString()).contains("note: the config of base image registry.example/team/other:2 (linux/amd64) is not in the cache");
    assertThat(dir.resolve("no-cache-here")).doesNotExist(); // plan only looks
  }
}
