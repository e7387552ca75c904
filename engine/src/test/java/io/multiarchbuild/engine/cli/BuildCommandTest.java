package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildCommandTest {

  private static BuildRequest parse(String... args) {
    BuildCommand cmd = new BuildCommand();
    cmd.invocation = TestInvocations.in(Path.of("/work/dir"));
    new CommandLine(cmd).parseArgs(args);
    return cmd.request();
  }

  @Test
  void request_buildxValueSyntax_commaListsAndRepeats() {
    BuildRequest r = parse("--platform", "linux/amd64,linux/arm64", "--platform", "linux/arm64", "-t", "reg/a:1", "--tag", "reg/b:2",
        "--build-arg", "K=V", "--label", "L=1", "-o", "type=oci,dest=x.tar", "--push", "--no-cache-filter", "a,b",
        "--cache-dir", "/tmp/c", "-f", "ctx/Other.Dockerfile", "--network", "none", "ctx");

    assertThat(r.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    assertThat(r.tags()).containsExactly("reg/a:1", "reg/b:2");
    assertThat(r.buildArgs()).containsEntry("K", "V");
    assertThat(r.labels()).containsEntry("L", "1");
    assertThat(r.outputs()).extracting(OutputSpec::type).containsExactly(OutputSpec.Type.OCI, OutputSpec.Type.REGISTRY);
    assertThat(r.outputs().get(1).names()).containsExactly("reg/a:1", "reg/b:2");
    assertThat(r.noCacheFilter()).containsExactly("a", "b");
    assertThat(r.cacheDir()).isEqualTo(Path.of("/tmp/c"));
    // relative paths are the caller's: resolved against its working directory, not the JVM's
    assertThat(r.dockerfile()).isEqualTo(Path.of("/work/dir/ctx/Other.Dockerfile"));
    assertThat(r.contextDir()).isEqualTo(Path.of("/work/dir/ctx"));
    assertThat(r.outputs().get(0).dest()).isEqualTo("/work/dir/x.tar");
    assertThat(r.workingDir()).isEqualTo(Path.of("/work/dir"));
    assertThat(r.network()).isEqualTo("none");
  }

  @Test
  void request_noPlatform_defaultsToThisMachine_andDockerfileInContext() {
    BuildRequest r = parse("--cache-dir", "/tmp/c", "dir");
    assertThat(r.platforms()).containsExactly(Platform.host());
    assertThat(r.dockerfile()).isEqualTo(Path.of("/work/dir/dir/Dockerfile"));
    assertThat(r.cacheDir()).isEqualTo(Path.of("/tmp/c"));
  }

  @Test
  void run_missingContext_oneLineErrorExit1(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"build", "--progress", "none", "--cache-dir", tmp.resolve("c").toString(),
        tmp.resolve("nope").toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: build context").doesNotContain("\n");
  }

  @Test
  void request_buildContext_repeatableNameValuePairs() {
    BuildRequest r = parse("--cache-dir", "/tmp/c", "--build-context", "tools=docker-image://reg/tools:1", "--build-context", "src=../src", "dir");
    assertThat(r.buildContexts()).containsOnly(java.util.Map.entry("tools", "docker-image://reg/tools:1"), java.util.Map.entry("src", "/work/src"));
  }

  @Test
  void run_buildContextWithoutValue_oneLineErrorExit1(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"build", "--progress", "none", "--cache-dir", tmp.resolve("c").toString(), "--build-context", "tools",
        tmp.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: --build-context tools: expected KEY=VALUE");
  }

  @Test
  void builder_missingFields_allNamedInOneMessage() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuildRequest.builder().build())
        .hasMessageContaining("contextDir").hasMessageContaining("platforms").hasMessageContaining("cacheDir");
  }

  @Test
  void request_secretAndSshFlags_buildxSyntax(@TempDir Path tmp) throws Exception {
    Path file = java.nio.file.Files.writeString(tmp.resolve("npmrc"), "token-value");
    BuildRequest r = parse("--cache-dir", "/tmp/c", "--secret", "id=npmrc,src=" + file, "--secret", "type=env,id=PATH",
        "--ssh", "default", "--ssh", "github=/keys/a,/keys/b", "dir");

    assertThat(r.secrets().ids()).containsExactlyInAnyOrder("npmrc", "PATH");
    assertThat(r.secrets().get("npmrc")).hasValueSatisfying(v -> assertThat(new String(v)).isEqualTo("token-value"));
    assertThat(r.ssh()).extracting(io.multiarchbuild.engine.secrets.SshSpec::id).containsExactly("default", "github");
    assertThat(r.ssh().get(1).paths()).containsExactly("/keys/a", "/keys/b");
  }

  @Test
  void run_secretFileMissing_oneLineErrorNamingTheId(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"build", "--progress", "none", "--cache-dir", tmp.resolve("c").toString(),
        "--secret", "id=npmrc,src=" + tmp.resolve("nope"), tmp.toString()}, new PrintWriter(new StringWriter()),
        new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: secret \"npmrc\"").contains("does not exist").doesNotContain("\n");
  }

  @Test
  void run_sshValueWithoutId_oneLineError(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"build", "--progress", "none", "--cache-dir", tmp.resolve("c").toString(),
        "--ssh", "=/keys/a", tmp.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: --ssh =/keys/a: the id is empty").doesNotContain("\n");
  }
}
