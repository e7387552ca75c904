package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.BuildPlan;
import io.multiarchbuild.engine.plan.PlanRequest;
import io.multiarchbuild.engine.plan.Planner;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmupTest {

  private static BuildRequest.Builder request() {
    return BuildRequest.builder().contextDir(Path.of(".")).dockerfile(Path.of("Dockerfile")).cacheDir(Path.of("c"))
        .platform(Platform.LINUX_AMD64);
  }

  private static BuildPlan plan(String dockerfile) {
    return Planner.plan(new PlanRequest(Instructions.parse(DockerfileParser.parse("Dockerfile", dockerfile)), Map.of(),
        null, List.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64), Platform.LINUX_AMD64));
  }

  @Test
  void tls_loopbackRegistry_isPlainHttp() {
    assertThat(Warmup.tls("127.0.0.1:5000/test/busybox:1")).isFalse();
    assertThat(Warmup.tls("localhost:5000/a/b")).isFalse();
    assertThat(Warmup.tls("[::1]:5000/a/b@sha256:" + "0".repeat(64))).isFalse();
  }

  @Test
  void tls_otherRegistriesAndUnreadableReferences_needTls() {
    assertThat(Warmup.tls("busybox")).isTrue();
    assertThat(Warmup.tls("ghcr.io/a/b:1")).isTrue();
    assertThat(Warmup.tls("registry.example:5000/a")).isTrue();
    assertThat(Warmup.tls("NOT a reference")).isTrue();
  }

  @Test
  void needsTls_pushToLoopbackOnly_isFalse() {
    BuildRequest r = request().tags(List.of("127.0.0.1:5000/lazy/hello:1"))
        .output(new OutputSpec(OutputSpec.Type.REGISTRY, Map.of(), List.of())).build();
    assertThat(Warmup.needsTls(r)).isFalse();
  }

  @Test
  void needsTls_nothingPushed_isFalseWhateverTheTags() {
    BuildRequest r = request().tags(List.of("ghcr.io/a/b:1")).output(OutputSpec.parse("type=oci,dest=out.tar")).build();
    assertThat(Warmup.needsTls(r)).isFalse();
  }

  @Test
  void needsTls_pushToARemoteRegistry_isTrue() {
    assertThat(Warmup.needsTls(request().tags(List.of("ghcr.io/a/b:1")).output(new OutputSpec(OutputSpec.Type.REGISTRY, Map.of(), List.of())).build()))
        .isTrue();
    assertThat(Warmup.needsTls(request().output(OutputSpec.parse("type=image,name=ghcr.io/a/b:1,push=true")).build()))
        .isTrue();
  }

  @Test
  void needsTls_remoteRegistryCache_isTrue() {
    assertThat(Warmup.needsTls(request().cacheFrom(List.of(CacheSpec.parseFrom("type=registry,ref=ghcr.io/a/cache"))).build()))
        .isTrue();
    assertThat(Warmup.needsTls(request().cacheTo(List.of(CacheSpec.parseTo("type=registry,ref=127.0.0.1:5000/a/cache"))).build()))
        .isFalse();
  }

  @Test
  void needsTls_planFromLoopbackImagesOnly_isFalse() {
    assertThat(Warmup.needsTls(plan("""
        ARG BASE=127.0.0.1:5000/test/busybox:1
        FROM ${BASE} AS build
        RUN true
        FROM scratch
        COPY --from=build /bin/sh /sh
        """))).isFalse();
  }

  @Test
  void needsTls_planFromARemoteImage_isTrue() {
    assertThat(Warmup.needsTls(plan("FROM 127.0.0.1:5000/test/busybox:1\nCOPY --from=alpine:3 /etc/os-release /\n")))
        .isTrue();
  }

  @Test
  void needsTls_planAddingAUrl_isTrue() {
    assertThat(Warmup.needsTls(plan("FROM scratch\nADD http://127.0.0.1:8080/f /f\n"))).isTrue();
  }
}
