package io.multiarchbuild.engine.dockerfile;

import static io.multiarchbuild.engine.dockerfile.TestTrees.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstructionsTest {

  private static DockerfileModel parse(String... lines) {
    return Instructions.parse(tree(lines));
  }

  private static void fails(String message, String... lines) {
    assertThatThrownBy(() -> parse(lines)).isInstanceOf(DockerfileError.class).hasMessage(message);
  }

  @Test
  void parse_groupsInstructionsIntoStagesAndGlobalArgs() {
    DockerfileModel m =
        parse("ARG GO=1.22", "FROM golang:$GO AS Build", "RUN go build", "FROM alpine", "COPY --from=build /out /usr/bin/app");
    assertThat(m.globalArgs()).hasSize(1);
    assertThat(m.stages()).extracting(Stage::name).containsExactly("build", null);
    assertThat(m.stages().get(1).displayName()).isEqualTo("stage-1");
    assertThat(m.stages().get(0).commands()).singleElement().isInstanceOf(RunInstruction.class);
    assertThat(m.warnings()).extracting(ParseWarning::rule).containsExactly("StageNameCasing");
    CopyInstruction copy = (CopyInstruction) m.stages().get(1).commands().get(0);
    assertThat(copy.from()).isEqualTo("build");
    assertThat(copy.sources()).containsExactly("/out");
    assertThat(copy.dest()).isEqualTo("/usr/bin/app");
    assertThat(copy.source().startLine()).isEqualTo(5);
  }

  @Test
  void unknownFlag_isAnErrorWithASuggestion() {
    fails("Dockerfile:2: unknown flag: --foo for COPY (did you mean --from?)", "FROM a", "COPY --foo=x a b");
    fails("Dockerfile:2: unknown flag: --chmd for ADD (did you mean --chmod?)", "FROM a", "ADD --chmd=755 a b");
    fails("Dockerfile:2: unknown flag: --xyzzy for RUN", "FROM a", "RUN --xyzzy true");
  }

  @Test
  void flagGivenTwice_isAnErrorUnlessRepeatable() {
    fails("Dockerfile:2: flag --from is given twice for COPY; give it once", "FROM a", "COPY --from=a --from=b x y");
    RunInstruction run =
        (RunInstruction) parse("FROM a", "RUN --mount=type=cache,target=/a --mount=type=tmpfs,target=/t true").stages().get(0).commands().get(0);
    assertThat(run.mounts()).hasSize(2);
    CopyInstruction copy = (CopyInstruction) parse("FROM a", "COPY --exclude=*.md --exclude=*.txt . /app/").stages().get(0).commands().get(0);
    assertThat(copy.excludes()).containsExactly("*.md", "*.txt");
  }

  @Test
  void boolFlags_acceptBareTrueAndFalse() {
    assertThat(((CopyInstruction) parse("FROM a", "COPY --link a /b").stages().get(0).commands().get(0)).link()).isTrue();
    assertThat(((CopyInstruction) parse("FROM a", "COPY --link=TRUE a /b").stages().get(0).commands().get(0)).link()).isTrue();
    assertThat(((CopyInstruction) parse("FROM a", "COPY --link=false a /b").stages().get(0).commands().get(0)).link()).isFalse();
    fails("Dockerfile:2: expecting a boolean value for flag --link of COPY, not: yes", "FROM a", "COPY --link=yes a /b");
    fails("Dockerfile:2: missing a value on flag --chown for COPY (use --chown=VALUE)", "FROM a", "COPY --chown a /b");
    AddInstruction add = (AddInstruction) parse("FROM a", "ADD --unpack=false x.tar /x/").stages().get(0).commands().get(0);
    assertThat(add.unpack()).isFalse();
  }

  @Test
  void from_needsOneOrThreeArgsAndAValidUniqueName() {
    fails("Dockerfile:1: FROM requires either one or three arguments (FROM image [AS name])", "FROM a b");
    fails("Dockerfile:1: invalid name for build stage: \"1st\"; it must start with a letter and contain only letters, digits, '-', '_' and '.'",
        "FROM a AS 1st");
    fails("Dockerfile:1: 'scratch' is reserved and can't be a stage name; choose another name", "FROM a AS scratch");
    fails("Dockerfile:2: duplicate stage name \"b\" (already used on line 1); stage names must be unique", "FROM a AS b", "FROM c as B");
    assertThat(parse("FROM --platform=$BUILDPLATFORM golang as build").stages().get(0).from())
        .extracting(FromInstruction::image, FromInstruction::platform, FromInstruction::stageName)
        .containsExactly("golang", "$BUILDPLATFORM", "build");
  }

  @Test
  void copyFrom_rejectsVariablesAndSuggestsAnAlias() {
    fails("Dockerfile:3: COPY --from=${IMG} doesn't support variable expansion; define an alias stage instead: FROM ${IMG} AS alias, then COPY --from=alias",
        "FROM a", "ARG IMG", "COPY --from=${IMG} /x /y");
  }

  @Test
  void healthcheck_validatesDurationsAndRetries() {
    HealthcheckInstruction h =
        (HealthcheckInstruction) parse("FROM a", "HEALTHCHECK --interval=1m30s --timeout=500ms --retries=5 CMD curl -f http://localhost/")
            .stages().get(0).commands().get(0);
    assertThat(h.interval()).isEqualTo(Duration.ofSeconds(90));
    assertThat(h.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(h.retries()).isEqualTo(5);
    assertThat(h.test().shellForm()).isTrue();
    assertThat(((HealthcheckInstruction) parse("FROM a", "HEALTHCHECK NONE").stages().get(0).commands().get(0)).none()).isTrue();
    fails("Dockerfile:2: invalid duration for HEALTHCHECK --interval: \"10\" (e.g. 30s, 1m30s, 500ms)", "FROM a", "HEALTHCHECK --interval=10 CMD true");
    fails("Dockerfile:2: HEALTHCHECK --timeout cannot be less than 1ms", "FROM a", "HEALTHCHECK --timeout=10us CMD true");
    fails("Dockerfile:2: HEALTHCHECK --retries cannot be negative (-1)", "FROM a", "HEALTHCHECK --retries=-1 CMD true");
    fails("Dockerfile:2: HEALTHCHECK NONE takes no arguments or flags", "FROM a", "HEALTHCHECK NONE x");
    fails("Dockerfile:2: unknown type \"RUN\" in HEALTHCHECK (try CMD)", "FROM a", "HEALTHCHECK RUN true");
  }

  @Test
  void onbuild_forbidsOnbuildFromAndMaintainerTriggers() {
    fails("Dockerfile:2: chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", "FROM a", "ONBUILD ONBUILD RUN x");
    fails("Dockerfile:2: FROM isn't allowed as an ONBUILD trigger", "FROM a", "ONBUILD FROM b");
    fails("Dockerfile:2: MAINTAINER isn't allowed as an ONBUILD trigger", "FROM a", "ONBUILD MAINTAINER me");
    OnbuildInstruction o = (OnbuildInstruction) parse("FROM a", "ONBUILD COPY . /app/src").stages().get(0).commands().get(0);
    assertThat(o.trigger()).isInstanceOf(CopyInstruction.class);
    assertThat(o.expression()).isEqualTo("COPY . /app/src");
    fails("Dockerfile:2: unknown flag: --frm for COPY (did you mean --from?)", "FROM a", "ONBUILD COPY --frm=x a b");
  }

  @Test
  void shell_mustBeJson() {
    fails("Dockerfile:2: SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]", "FROM a", "SHELL /bin/bash -c");
    ShellInstruction s = (ShellInstruction) parse("FROM a", "SHELL [\"/bin/bash\", \"-eo\", \"pipefail\", \"-c\"]").stages().get(0).commands().get(0);
    assertThat(s.shell()).containsExactly("/bin/bash", "-eo", "pipefail", "-c");
  }

  @Test
  void unknownInstruction_suggestsTheClosestKeyword() {
    fails("Dockerfile:2: unknown instruction: RUNN (did you mean RUN?)", "FROM a", "RUNN make");
    fails("Dockerfile:1: unknown instruction: FORM (did you mean FROM?)", "FORM a");
    fails("Dockerfile:2: unknown instruction: FLURB", "FROM a", "FLURB x");
  }

  @Test
  void instructionBeforeFrom_otherThanArg_isAnError() {
    fails("Dockerfile:1: RUN before the first FROM: only ARG may come before FROM (no build stage in current context)", "RUN x", "FROM a");
    fails("Dockerfile: the Dockerfile has no FROM instruction; every build needs at least one stage", "ARG X");
  }

  @Test
  void runNetworkSecurityAndDevice_areValidated() {
    RunInstruction r = (RunInstruction) parse("FROM a", "RUN --network=none --security=insecure true").stages().get(0).commands().get(0);
    assertThat(r.network()).isEqualTo("none");
    assertThat(r.security()).isEqualTo("insecure");
    fails("Dockerfile:2: unsupported network mode \"hots\" for RUN --network (did you mean host?); use default, none or host", "FROM a",
        "RUN --network=hots true");
    fails("Dockerfile:2: unsupported security mode \"privileged\" for RUN --security; use sandbox or insecure", "FROM a", "RUN --security=privileged true");
    fails("Dockerfile:2: unknown flag: --device for RUN (RUN --device needs the labs syntax: # syntax=docker/dockerfile:1-labs)", "FROM a",
        "RUN --device=nvidia.com/gpu=all true");
    SyntaxTree labs =
        new SyntaxTree("Dockerfile", List.of(new Directive("syntax", "docker/dockerfile:1-labs", 1)), '\\',
            tree("FROM a", "RUN --device=nvidia.com/gpu=all true").nodes(), List.of());
    assertThat(((RunInstruction) Instructions.parse(labs).stages().get(0).commands().get(0)).devices()).containsExactly("nvidia.com/gpu=all");
  }

  @Test
  void chmodAndChecksum_areCheckedWhenLiteral() {
    assertThat(((CopyInstruction) parse("FROM a", "COPY --chmod=u=rwX,go=rX a /b").stages().get(0).commands().get(0)).chmod()).isEqualTo("u=rwX,go=rX");
    assertThat(((CopyInstruction) parse("FROM a", "COPY --chmod=+x a /b").stages().get(0).commands().get(0)).chmod()).isEqualTo("+x");
    fails("Dockerfile:2: invalid --chmod value \"rwx\": unexpected \"r\" in clause \"rwx\" (expected +, - or =); use an octal mode (0755) or a symbolic one (u=rwX,go=rX, +x)", "FROM a", "COPY --chmod=rwx a /b");
    fails("Dockerfile:2: ADD --checksum can only be used with HTTP(S) or Git sources, not the local path app.tar", "FROM a",
        "ADD --checksum=sha256:00 app.tar /x/");
  }

  @Test
  void exposedPorts_expandRangesAndCheckProtocols() {
    assertThat(Instructions.exposedPorts("8000-8002/UDP", "Dockerfile", 3)).containsExactly("8000/udp", "8001/udp", "8002/udp");
    assertThat(Instructions.exposedPorts("80", "Dockerfile", 3)).containsExactly("80/tcp");
    assertThatThrownBy(() -> Instructions.exposedPorts("80/http", "Dockerfile", 3))
        .hasMessage("Dockerfile:3: invalid EXPOSE protocol \"http\" in 80/http: use tcp, udp or sctp");
    assertThatThrownBy(() -> Instructions.exposedPorts("9-1", "Dockerfile", 3))
        .hasMessage("Dockerfile:3: invalid EXPOSE port range \"9-1\": ports are 1-65535 and a range runs low-high");
  }

  @Test
  void argAndEnv_keepDeclarationsAndPairs() {
    DockerfileModel m = parse("FROM a", "ARG A B=2", "ENV X=1 Y=$X");
    assertThat(((ArgInstruction) m.stages().get(0).commands().get(0)).declarations())
        .containsExactly(new ArgDeclaration("A", null), new ArgDeclaration("B", "2"));
    assertThat(((EnvInstruction) m.stages().get(0).commands().get(1)).pairs()).containsExactly(new KeyValue("X", "1"), new KeyValue("Y", "$X"));
  }
}
