package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestMapperTest {
  private static final Path WS = Path.of("/ws/job");
  private static final Path CACHE = Path.of("/agent/caches/multiarch-build");

  private static BuildRequest map(Options o, List<Platform> platforms) {
    return RequestMapper.toRequest(o.build(), platforms, WS, CACHE, null, EngineInputs.none());
  }

  @Test
  void toRequest_defaults_contextIsTheWorkspace_dockerfileInIt_hostPlatform_plainProgress() {
    BuildRequest r = map(new Options(), List.of());

    assertThat(r.contextDir()).isEqualTo(WS);
    assertThat(r.dockerfile()).isEqualTo(WS.resolve("Dockerfile"));
    assertThat(r.platforms()).containsExactly(Platform.host());
    assertThat(r.cacheDir()).isEqualTo(CACHE);
    assertThat(r.progress()).isEqualTo("plain");
    assertThat(r.outputs()).isEmpty();
    assertThat(r.noCache()).isFalse();
  }

  @Test
  void toRequest_contextAndFile_areRelativeToTheWorkspace() {
    Options o = new Options();
    o.context = "app";
    o.file = "docker/Dockerfile.prod";

    BuildRequest r = map(o, List.of());

    assertThat(r.contextDir()).isEqualTo(WS.resolve("app"));
    assertThat(r.dockerfile()).isEqualTo(WS.resolve("docker/Dockerfile.prod"));
  }

  @Test
  void toRequest_mapsEveryBuildOption() {
    Options o = new Options();
    o.target = "prod";
    o.tags = List.of("registry.example.com/team/app:1.2");
    o.push = true;
    o.buildArgs = Map.of("VERSION", "1.2");
    o.labels = Map.of("org.opencontainers.image.version", "1.2");
    o.outputs = List.of("type=local,dest=out");
    o.noCache = true;

    BuildRequest r = map(o, List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64));

    assertThat(r.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    assertThat(r.target()).isEqualTo("prod");
    assertThat(r.tags()).containsExactly("registry.example.com/team/app:1.2");
    assertThat(r.buildArgs()).containsExactly(Map.entry("VERSION", "1.2"));
    assertThat(r.labels()).containsExactly(Map.entry("org.opencontainers.image.version", "1.2"));
    assertThat(r.noCache()).isTrue();
    assertThat(r.outputs()).extracting(OutputSpec::type).containsExactly(OutputSpec.Type.LOCAL, OutputSpec.Type.REGISTRY);
    // a relative dest is the workspace's, as context and file are
    assertThat(r.outputs().get(0).dest()).isEqualTo(WS.resolve("out").toString());
    assertThat(r.workingDir()).isEqualTo(WS);
    assertThat(r.env()).isEqualTo(System.getenv());
  }

  @Test
  void toRequest_badOutput_failsNamingIt() {
    Options o = new Options();
    o.outputs = List.of("type=local");

    assertThatThrownBy(() -> map(o, List.of())).isInstanceOf(OptionError.class).hasMessageStartingWith("multiArchBuild outputs[0]: ");
  }

  @Test
  void toRequest_cacheFromAndSecrets_reachTheRequest() {
    Options cache = new Options();
    cache.cacheFrom = List.of("type=registry,ref=registry.example.com/a:cache");
    EngineInputs secrets = new EngineInputs(Map.of("npm", new byte[] {1}), Map.of(), null, Map.of(), List.of());

    assertThat(map(cache, List.of()).cacheFrom()).hasSize(1);
    assertThat(RequestMapper.toRequest(new Options().build(), List.of(), WS, CACHE, null, secrets).secrets().ids())
        .containsExactly("npm");
  }

  @Test
  void stepOptions_nullsBecomeDefaults_andBlankEntriesAreDropped() {
    StepOptions o = new StepOptions(" ", "", null, java.util.Arrays.asList("linux/amd64", " ", null), null, false, null,
        null, null, null, false, null, null, null, null, false, null, " ");

    assertThat(o.context()).isEqualTo(".");
    assertThat(o.file()).isNull();
    assertThat(o.platforms()).containsExactly("linux/amd64");
    assertThat(o.tags()).isEmpty();
    assertThat(o.builderSet()).isNull();
  }

  @Test
  void splitPlatformOutput_pushesByDigestToEveryTagsRepositoryOnce() {
    String spec = SplitBuild.perPlatformOutput(List.of("127.0.0.1:5000/team/app:1.2", "127.0.0.1:5000/team/app",
        "127.0.0.1:5000/team/mirror:1.2"));

    OutputSpec parsed = OutputSpec.parse(spec);
    assertThat(parsed.type()).isEqualTo(OutputSpec.Type.REGISTRY);
    assertThat(parsed.pushByDigest()).isTrue();
    assertThat(parsed.names()).containsExactly("127.0.0.1:5000/team/app", "127.0.0.1:5000/team/mirror");
  }

  @Test
  void registryHosts_normaliseUrls() {
    assertThat(RegistryHosts.host("https://Registry.Example.com/v2/", "url")).isEqualTo("registry.example.com");
    assertThat(RegistryHosts.host("127.0.0.1:5001", "url")).isEqualTo("127.0.0.1:5001");
    assertThat(RegistryHosts.host("index.docker.io", "url")).isEqualTo("docker.io");
    assertThatThrownBy(() -> RegistryHosts.host("https://", "registries[0].url"))
        .hasMessageStartingWith("multiArchBuild registries[0].url: ");
    assertThatThrownBy(() -> RegistryHosts.host("bad host", "registries[0].url"))
        .hasMessageStartingWith("multiArchBuild registries[0].url: 'bad host' is not a registry host");
  }

  @Test
  void lines_splitAndPairs() {
    assertThat(Lines.split("linux/amd64, linux/arm64\n\nlinux/arm/v7")).containsExactly("linux/amd64", "linux/arm64", "linux/arm/v7");
    assertThat(Lines.lines("type=registry,ref=a:cache\n")).containsExactly("type=registry,ref=a:cache");
    assertThat(Lines.pairs("A=1\nB=x=y\n", "buildArgs")).containsExactly(Map.entry("A", "1"), Map.entry("B", "x=y"));
    assertThatThrownBy(() -> Lines.pairs("A", "buildArgs")).hasMessage("multiArchBuild buildArgs: 'A' is not KEY=VALUE");
  }
}
