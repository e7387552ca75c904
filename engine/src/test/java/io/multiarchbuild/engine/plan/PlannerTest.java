package io.multiarchbuild.engine.plan;

import static io.multiarchbuild.engine.dockerfile.TestTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final List<Platform> TWO = List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64);

  static BuildPlan plan(Map<String, String> args, String target, List<Platform> platforms, String... lines) {
    return Planner.plan(new PlanRequest(Instructions.parse(tree(lines)), args, target, platforms, Platform.LINUX_AMD64));
  }

  static BuildPlan plan(String... lines) {
    return plan(Map.of(), null, TWO, lines);
  }

  static List<Step> steps(PlatformPlan p, String kind) {
    return p.steps().stream().filter(s -> s.op().kind().equals(kind)).toList();
  }

  static Exec exec(PlatformPlan p, int index) {
    return (Exec) steps(p, "exec").get(index).op();
  }

  private static final String[] GO =
      {
        "ARG GO_VERSION=1.22",
        "FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build",
        "WORKDIR /src",
        "COPY go.mod go.sum ./",
        "RUN --mount=type=cache,target=/go/pkg/mod go mod download",
        "COPY . .",
        "ARG TARGETOS TARGETARCH",
        "RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .",
        "FROM alpine:3.20 AS test",
        "RUN echo never built",
        "FROM gcr.io/distroless/static",
        "COPY --from=build /out/app /app",
        "ENTRYPOINT [\"/app\"]"
      };

  @Test
  void plan_sameDockerfileTwice_givesIdenticalKeys() {
    List<Digest> a = plan(GO).platforms().get(1).steps().stream().map(Step::key).toList();
    List<Digest> b = plan(GO).platforms().get(1).steps().stream().map(Step::key).toList();
    assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
  }

  @Test
  void plan_buildPlatformStage_sharesKeysAcrossTargetsUntilTargetArgsAreUsed() {
    BuildPlan p = plan(GO);
    PlatformPlan amd = p.platforms().get(0);
    PlatformPlan arm = p.platforms().get(1);
    // The first RUN (go mod download) does not see TARGETARCH: same key for both targets.
    assertThat(steps(amd, "exec").get(0).key()).isEqualTo(steps(arm, "exec").get(0).key());
    assertThat(exec(amd, 0).platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(exec(arm, 0).platform()).isEqualTo(Platform.LINUX_AMD64);
    // The build RUN declares TARGETARCH, so it differs.
    assertThat(exec(arm, 1).env()).containsEntry("TARGETARCH", "arm64").containsEntry("TARGETOS", "linux");
    assertThat(steps(amd, "exec").get(1).key()).isNotEqualTo(steps(arm, "exec").get(1).key());
    // The final image is per target platform.
    assertThat(steps(arm, "image")).extracting(s -> (ImageSource) s.op())
        .containsExactlyInAnyOrder(
            new ImageSource("gcr.io/distroless/static:latest", Platform.LINUX_ARM64),
            new ImageSource("docker.io/library/golang:1.22", Platform.LINUX_AMD64));
  }

  @Test
  void plan_changingOneRun_changesOnlyItAndItsDependants() {
    String[] changed = GO.clone();
    changed[7] = "RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/app .";
    PlatformPlan before = plan(GO).platforms().get(1);
    PlatformPlan after = plan(changed).platforms().get(1);
    Set<Digest> beforeKeys = before.steps().stream().map(Step::key).collect(Collectors.toSet());
    List<String> changedNames =
        after.steps().stream().filter(s -> !beforeKeys.contains(s.key())).map(Step::name).toList();
    assertThat(changedNames)
        .containsExactly(
            "[linux/arm64 build 6/6] RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/app .",
            "[linux/arm64 stage-2 2/2] COPY --from=build /out/app /app",
            "ENTRYPOINT [\"/app\"]");
  }

  @Test
  void plan_prunesStagesTheTargetDoesNotNeed() {
    PlatformPlan p = plan(GO).platforms().get(0);
    assertThat(p.stages()).extracting(PlannedStage::name).containsExactly("build", "stage-2");
    assertThat(p.targetStage().dependsOn()).containsExactly(0);
    PlatformPlan test = plan(Map.of(), "test", TWO, GO).platforms().get(0);
    assertThat(test.stages()).extracting(PlannedStage::name).containsExactly("test");
  }

  @Test
  void plan_vertexNamesFollowBuildKit() {
    PlatformPlan p = plan(GO).platforms().get(1);
    assertThat(p.steps()).extracting(Step::name)
        .contains(
            "[linux/arm64 build 1/6] FROM docker.io/library/golang:1.22",
            "[linux/arm64 build 4/6] RUN --mount=type=cache,target=/go/pkg/mod go mod download",
            "[linux/arm64 stage-2 1/2] FROM gcr.io/distroless/static:latest");
    PlatformPlan single = plan(Map.of(), null, List.of(Platform.LINUX_AMD64), "FROM alpine", "RUN true").platforms().get(0);
    assertThat(single.steps()).extracting(Step::name).containsExactly("[1/2] FROM docker.io/library/alpine:latest", "[2/2] RUN true");
  }

  @Test
  void args_globalOnlyInFrom_redeclaredInheritsAndBuildArgOverrides() {
    BuildPlan p =
        plan(Map.of("TAG", "3.19", "MODE", "release"), null, List.of(Platform.LINUX_ARM64),
            "ARG TAG=3.20", "ARG MODE=debug", "FROM alpine:$TAG", "RUN echo $TAG", "ARG TAG", "ARG MODE", "ARG OTHER=x", "RUN echo $TAG $MODE");
    PlatformPlan pp = p.platforms().get(0);
    assertThat(((ImageSource) steps(pp, "image").get(0).op()).ref()).isEqualTo("docker.io/library/alpine:3.19");
    assertThat(exec(pp, 0).env()).doesNotContainKey("TAG");
    assertThat(exec(pp, 1).env()).containsEntry("TAG", "3.19").containsEntry("MODE", "release").containsEntry("OTHER", "x");
  }

  @Test
  void env_overridesArgAndOneEnvSeesValuesFromBeforeIt() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine", "ARG V=arg", "ENV V=env", "ENV A=1", "ENV A=2 B=$A", "WORKDIR /$V", "RUN true").platforms().get(0);
    Exec e = exec(p, 0);
    assertThat(e.env()).containsEntry("V", "env").containsEntry("A", "2").containsEntry("B", "1");
    assertThat(e.cwd()).isEqualTo("/env");
  }

  @Test
  void proxyArgs_reachRunButNotTheKey() {
    String[] df = {"FROM alpine", "RUN apk add curl"};
    PlatformPlan with = plan(Map.of("HTTPS_PROXY", "http://proxy:3128"), null, List.of(Platform.LINUX_AMD64), df).platforms().get(0);
    PlatformPlan without = plan(Map.of(), null, List.of(Platform.LINUX_AMD64), df).platforms().get(0);
    assertThat(exec(with, 0).proxyEnv()).containsEntry("HTTPS_PROXY", "http://proxy:3128");
    assertThat(exec(with, 0).env()).doesNotContainKey("HTTPS_PROXY");
    assertThat(steps(with, "exec").get(0).key()).isEqualTo(steps(without, "exec").get(0).key());
    assertThat(CacheKeys.canonical(exec(with, 0))).doesNotContain("proxy:3128");
  }

  @Test
  void buildArgs_changeTheKeyOnlyOfRunsAfterTheirDeclaration() {
    String[] df = {"FROM alpine", "RUN echo one", "ARG VERSION=1", "RUN echo two"};
    PlatformPlan v1 = plan(Map.of(), null, List.of(Platform.LINUX_AMD64), df).platforms().get(0);
    PlatformPlan v2 = plan(Map.of("VERSION", "2"), null, List.of(Platform.LINUX_AMD64), df).platforms().get(0);
    assertThat(steps(v1, "exec").get(0).key()).isEqualTo(steps(v2, "exec").get(0).key());
    assertThat(steps(v1, "exec").get(1).key()).isNotEqualTo(steps(v2, "exec").get(1).key());
  }

  @Test
  void secretMount_keyHasTheIdNeverAValue() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64), "FROM alpine", "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci")
            .platforms().get(0);
    ExecMount m = exec(p, 0).mounts().get(0);
    assertThat(m.mount().type()).isEqualTo(RunMount.MountType.SECRET);
    assertThat(m.mount().id()).isEqualTo("npmrc");
    assertThat(m.input()).isNull();
    assertThat(CacheKeys.canonical(exec(p, 0))).contains("\"id\":\"npmrc\"");
  }

  @Test
  void mounts_resolveInputsAndRelativeTargets() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine AS deps", "RUN make deps", "FROM alpine", "WORKDIR /src",
            "RUN --mount=target=. --mount=type=bind,from=deps,source=/deps,target=/deps --mount=type=ssh --mount=type=ssh,id=gh make")
            .platforms().get(0);
    List<ExecMount> mounts = exec(p, 1).mounts();
    assertThat(mounts.get(0).mount().target()).isEqualTo("/src");
    assertThat(mounts.get(0).inputName()).isEqualTo("context");
    assertThat(mounts.get(1).inputName()).isEqualTo("deps");
    assertThat(mounts.get(1).input()).isEqualTo(p.stages().get(0).rootfs());
    assertThat(mounts.get(2).mount().target()).isEqualTo("/run/buildkit/ssh_agent.0");
    assertThat(mounts.get(3).mount().target()).isEqualTo("/run/buildkit/ssh_agent.1");
    assertThat(p.targetStage().dependsOn()).containsExactly(0);
  }

  @Test
  void copy_resolvesDestAgainstWorkdirAndFromByIndexOrImage() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine", "RUN make", "FROM alpine", "WORKDIR /app", "COPY --from=0 /out ./bin/", "COPY --from=nginx:1.27 /etc/nginx/nginx.conf .",
            "COPY --chmod=755 run.sh .").platforms().get(0);
    List<FileCopy> copies = steps(p, "copy").stream().map(s -> (FileCopy) s.op()).toList();
    assertThat(copies.get(0).dest()).isEqualTo("/app/bin/");
    assertThat(copies.get(0).sourceName()).isEqualTo("stage-0");
    assertThat(copies.get(1).sourceName()).isEqualTo("docker.io/library/nginx:1.27");
    assertThat(copies.get(1).dest()).isEqualTo("/app/");
    assertThat(copies.get(2).sourceName()).isEqualTo("context");
    assertThat(copies.get(2).chmod()).isEqualTo("755");
  }

  @Test
  void labelChange_doesNotInvalidateLaterRuns() {
    String[] a = {"FROM alpine", "LABEL version=1", "RUN make"};
    String[] b = {"FROM alpine", "LABEL version=2", "RUN make"};
    assertThat(steps(plan(a).platforms().get(0), "exec").get(0).key()).isEqualTo(steps(plan(b).platforms().get(0), "exec").get(0).key());
  }

  @Test
  void config_accumulatesAndEntrypointResetsInheritedCmd() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine AS base", "CMD [\"sh\"]", "ENV A=1", "EXPOSE 80 8000-8001/udp", "FROM base", "ENTRYPOINT [\"/app\"]", "USER 1000:1000",
            "HEALTHCHECK --interval=10s CMD wget -qO- localhost", "LABEL a=b", "STOPSIGNAL SIGINT").platforms().get(0);
    ImageConfig c = p.targetStage().config();
    assertThat(c.cmd()).isNull();
    assertThat(c.entrypoint()).containsExactly("/app");
    assertThat(c.env()).containsExactly("A=1");
    assertThat(c.exposedPorts()).containsExactly("80/tcp", "8000/udp", "8001/udp");
    assertThat(c.healthcheck().test()).containsExactly("CMD-SHELL", "wget -qO- localhost");
    assertThat(c.healthcheck().interval()).isEqualTo(10_000_000_000L);
    assertThat(c.healthcheck().retries()).isNull();
    assertThat(c.user()).isEqualTo("1000:1000");
    assertThat(c.stopSignal()).isEqualTo("SIGINT");
    assertThat(p.targetStage().base()).isEqualTo("stage:base");
  }

  @Test
  void onbuildTriggers_runInStagesBuiltFromTheStage() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM node:20 AS base", "WORKDIR /app", "ONBUILD COPY package.json .", "ONBUILD RUN npm ci", "FROM base", "RUN npm test")
            .platforms().get(0);
    PlannedStage app = p.targetStage();
    assertThat(app.config().onBuild()).isEmpty();
    Map<Digest, Step> byKey = p.byKey();
    assertThat(app.steps().stream().map(k -> byKey.get(k).name()).toList())
        .containsExactly("[stage-1 1/1] COPY package.json .", "[stage-1 2/1] RUN npm ci", "[stage-1 3/1] RUN npm test");
    assertThat(((FileCopy) byKey.get(app.steps().get(0)).op()).dest()).isEqualTo("/app/");
  }

  @Test
  void errors_nameTheLine() {
    assertThatThrownBy(() -> plan("FROM busybox AS stage0", "COPY --from=stage0 f1 /sub/"))
        .isInstanceOf(DockerfileError.class).hasMessage("Dockerfile:2: circular dependency detected on stage: stage0");
    assertThatThrownBy(() -> plan("FROM a AS s0", "COPY --from=s2 f /", "FROM a AS s1", "COPY --from=s0 f /", "FROM a AS s2", "COPY --from=s1 f /"))
        .hasMessage("Dockerfile:4: circular dependency detected on stage: s0");
    assertThatThrownBy(() -> plan(Map.of(), "prod", TWO, "FROM a AS build", "FROM b AS test"))
        .hasMessage("Dockerfile: target stage \"prod\" could not be found (stages: build, test)");
    assertThatThrownBy(() -> plan(Map.of(), "buidl", TWO, "FROM a AS build"))
        .hasMessage("Dockerfile: target stage \"buidl\" could not be found (did you mean build?)");
    assertThatThrownBy(() -> plan("FROM a AS build", "FROM b", "COPY --from=biuld /x /y"))
        .hasMessage("Dockerfile:3: --from=biuld: no stage named \"biuld\" (did you mean build?); to copy from an image of that name write biuld:latest");
    assertThatThrownBy(() -> plan("FROM a", "COPY --from=3 /x /y"))
        .hasMessage("Dockerfile:2: --from=3 names stage 3, but stages are numbered from 0 and this file has 1");
    assertThatThrownBy(() -> plan("FROM a", "RUN --mount=type=cache,target=/ make"))
        .hasMessage("Dockerfile:2: --mount target \"/\" resolves to /; mount somewhere below the root");
    assertThatThrownBy(() -> plan("FROM a", "EXPOSE 80:8080"))
        .hasMessage("Dockerfile:2: invalid EXPOSE port \"80:8080\": use PORT[/PROTO] or START-END[/PROTO], e.g. 8080/tcp (EXPOSE doesn't publish: host mappings belong to docker run -p)");
    assertThatThrownBy(() -> plan("FROM --platform=linux/ a"))
        .hasMessage("Dockerfile:1: invalid platform \"linux/\" in FROM --platform: use os/arch[/variant], e.g. linux/arm64");
    assertThatThrownBy(() -> plan("FROM Alpine"))
        .hasMessage("Dockerfile:1: invalid image reference \"Alpine\": expected [registry/]name[:tag][@digest] in lower case");
  }

  @Test
  void addRemoteSources_becomeSourceOps() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine", "ADD --checksum=sha256:" + "a".repeat(64) + " https://example.com/tool.tar.gz /opt/",
            "ADD --keep-git-dir https://github.com/moby/buildkit.git#v0.13.0 /src").platforms().get(0);
    assertThat(steps(p, "http")).singleElement().extracting(s -> ((RemoteSource) s.op()).checksum()).isEqualTo("sha256:" + "a".repeat(64));
    assertThat(steps(p, "git")).singleElement().extracting(s -> ((RemoteSource) s.op()).keepGitDir()).isEqualTo(true);
    assertThatThrownBy(() -> plan("FROM alpine", "ADD --checksum=md5:00 https://example.com/a /a"))
        .hasMessage("Dockerfile:2: invalid ADD --checksum \"md5:00\" for https://example.com/a: expected sha256:<64 hex digits>");
  }

  @Test
  void steps_areTopologicallyOrdered() {
    for (PlatformPlan pp : plan(GO).platforms()) {
      Set<Digest> seen = new HashSet<>();
      for (Step s : pp.steps()) {
        assertThat(seen).containsAll(s.op().inputs());
        seen.add(s.key());
      }
    }
  }

  @Test
  void expansion_followsShellRulesAndErrorsNameTheLine() {
    PlatformPlan p =
        plan(Map.of(), null, List.of(Platform.LINUX_AMD64),
            "FROM alpine", "ENV GREETING=\"hello world\" NAME='$literal'", "COPY [\"my file.txt\", \"/dst dir/\"]", "RUN echo $GREETING")
            .platforms().get(0);
    assertThat(exec(p, 0).env()).containsEntry("GREETING", "hello world").containsEntry("NAME", "$literal");
    assertThat(exec(p, 0).args()).containsExactly("/bin/sh", "-c", "echo $GREETING");
    FileCopy copy = (FileCopy) steps(p, "copy").get(0).op();
    assertThat(copy.sources()).containsExactly("my file.txt");
    assertThat(copy.dest()).isEqualTo("/dst dir/");
    assertThatThrownBy(() -> plan("FROM alpine", "ARG VERSION", "LABEL v=${VERSION:?required}"))
        .isInstanceOf(DockerfileError.class)
        .hasMessageStartingWith("Dockerfile:3: failed to process \"${VERSION:?required}\"");
  }

  @Test
  void stageArgs_areInheritedByStagesBuiltOnThem_andTargetStageIsAutomatic() {
    PlatformPlan p =
        plan(Map.of("BUILD_NUMBER", "42"), "app", List.of(Platform.LINUX_AMD64),
            "FROM alpine AS base", "ARG VERSION=1.2", "FROM base AS app", "ARG TARGETSTAGE", "RUN echo $VERSION $TARGETSTAGE", "FROM app AS other")
            .platforms().get(0);
    assertThat(exec(p, 0).env()).containsEntry("VERSION", "1.2").containsEntry("TARGETSTAGE", "app");
    BuildPlan unused = plan(Map.of("BUILD_NUMBER", "42", "TARGETARCH", "arm64"), null, List.of(Platform.LINUX_AMD64), "FROM alpine");
    assertThat(unused.warnings()).containsExactly("build arguments not consumed by any stage: BUILD_NUMBER");
  }

  @Test
  void cacheKeys_doNotDependOnMapInsertionOrder() {
    Map<String, String> ab = new java.util.LinkedHashMap<>();
    ab.put("A", "1");
    ab.put("B", "2");
    Map<String, String> ba = new java.util.LinkedHashMap<>();
    ba.put("B", "2");
    ba.put("A", "1");
    Digest input = Digest.sha256("base");
    Exec one = new Exec(input, List.of("make"), List.of(), ab, Map.of(), "/", "", List.of(), "default", "sandbox", List.of(), Platform.LINUX_ARM64);
    Exec two = new Exec(input, List.of("make"), List.of(), ba, Map.of("HTTP_PROXY", "x"), "/", "", List.of(), "default", "sandbox", List.of(),
        Platform.LINUX_ARM64);
    assertThat(CacheKeys.key(one)).isEqualTo(CacheKeys.key(two));
    assertThat(CacheKeys.canonical(one)).startsWith("multiarch-build/op/v1\nexec\n{\"args\":[\"make\"],\"cwd\":\"/\"");
  }

  @Test
  void json_listsProxyNamesButNeverTheirValues() {
    BuildPlan p = plan(Map.of("HTTPS_PROXY", "http://user:secret@proxy:3128"), null, List.of(Platform.LINUX_AMD64), "FROM alpine", "RUN true");
    String json = PlanRenderer.json(p);
    assertThat(json).contains("\"proxyEnv\" : [ \"HTTPS_PROXY\" ]").doesNotContain("secret@proxy");
  }

  @Test
  void from_withAnUndeclaredArg_warnsOnce() {
    BuildPlan p = plan("ARG TAG=3.20", "FROM alpine:${TAG}${SUFFIX}");
    assertThat(p.warnings())
        .containsExactly("Dockerfile:2: UndefinedArgInFrom: FROM argument 'SUFFIX' is not declared (declare it with ARG before the first FROM)");
  }
}
