package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageJsonTest {

  static final Digest A = Digest.sha256("a");
  static final Digest B = Digest.sha256("b");
  static final Digest C = Digest.sha256("c");
  static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ImageJsonTest.class.getResourceAsStream("/oci/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  static ImageManifest goldenManifest() {
    return ImageManifest.of(
            Descriptor.of(MediaTypes.OCI_CONFIG, A, 1234),
            List.of(
                Descriptor.of(MediaTypes.OCI_LAYER_GZIP, B, 2811478),
                Descriptor.of(MediaTypes.OCI_LAYER_ZSTD, C, 512).withAnnotations(Map.of("z", "2", "a.b", "1"))))
        .withAnnotations(Map.of("org.opencontainers.image.created", "2024-01-02T03:04:05Z"));
  }

  static ImageIndex goldenIndex() {
    return ImageIndex.of(
        List.of(
            Descriptor.of(MediaTypes.OCI_MANIFEST, B, 700).withPlatform(Platform.parse("linux/amd64")),
            Descriptor.of(MediaTypes.OCI_MANIFEST, C, 701).withPlatform(Platform.parse("linux/arm/v7")),
            Descriptor.of(MediaTypes.OCI_MANIFEST, A, 566)
                .withPlatform(new Platform("unknown", "unknown", ""))
                .withAnnotations(
                    Map.of("vnd.docker.reference.type", "attestation-manifest", "vnd.docker.reference.digest", B.toString()))));
  }

  static ImageConfig goldenConfig() {
    ImageConfig.Config runtime =
        new ImageConfig.Config(
            "app",
            Set.of("80/tcp", "443/tcp"),
            List.of("PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"),
            List.of("/entry.sh"),
            List.of(),
            Set.of("/data"),
            "/app",
            Map.of("b", "two", "a", "1"),
            "SIGTERM",
            null,
            new ImageConfig.Healthcheck(
                List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofMillis(500),
                3),
            List.of("RUN echo hi"),
            List.of("/bin/bash", "-c"),
            Map.of());
    return new ImageConfig(
        T,
        null,
        "arm64",
        "linux",
        "",
        runtime,
        List.of(B, C),
        List.of(
            new ImageConfig.History(T, "COPY . /app # buildkit", null, "buildkit.dockerfile.v0", false),
            new ImageConfig.History(T, "CMD []", null, "buildkit.dockerfile.v0", true)),
        Map.of());
  }

  @Test
  void writeManifest_producesPinnedBytesAndDigest() throws IOException {
    byte[] bytes = ImageJson.write(goldenManifest());
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(new String(resource("golden/manifest.json"), StandardCharsets.UTF_8));
    assertThat(Digest.sha256(bytes).toString())
        .isEqualTo("sha256:df8b8c1613a8e624beb491eddccd9fe6da117f75ad0fc5aab1db4b6d6b7287c5");
  }

  @Test
  void writeIndex_producesPinnedBytesAndDigest() throws IOException {
    byte[] bytes = ImageJson.write(goldenIndex());
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(new String(resource("golden/index.json"), StandardCharsets.UTF_8));
    assertThat(ImageJson.describe(MediaTypes.OCI_INDEX, bytes).digest().toString())
        .isEqualTo("sha256:675e1fc9c6116320f98c3a7cfd9b19a702397933d4b7bb793f4cdc0e397882cc");
  }

  @Test
  void writeConfig_producesPinnedBytesAndDigest() throws IOException {
    byte[] bytes = ImageJson.write(goldenConfig());
    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(new String(resource("golden/config.json"), StandardCharsets.UTF_8));
    assertThat(Digest.sha256(bytes).toString())
        .isEqualTo("sha256:ddc2f9eb53ace09c8cbf618f8f5eaebad35d4fe593552f95364ab213705d9324");
  }

  @Test
  void goldenFiles_readBackToTheSameValues() throws IOException {
    assertThat(ImageJson.readManifest(resource("golden/manifest.json"))).isEqualTo(goldenManifest());
    assertThat(ImageJson.readIndex(resource("golden/index.json"))).isEqualTo(goldenIndex());
    assertThat(ImageJson.readConfig(resource("golden/config.json"))).isEqualTo(goldenConfig());
  }

  @Test
  void sameValue_writtenTwice_givesIdenticalBytes() {
    assertThat(ImageJson.write(goldenConfig())).isEqualTo(ImageJson.write(goldenConfig()));
    assertThat(ImageJson.write(goldenIndex())).isEqualTo(ImageJson.write(goldenIndex()));
  }

  @Test
  void readDockerManifestList_keepsDockerTypesAndNormalisesPlatforms() throws IOException {
    ImageIndex list = ImageJson.readIndex(resource("wild/docker-manifest-list.json"));
    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.manifests()).extracting(d -> d.platform().toString())
        .containsExactly("linux/amd64", "linux/arm/v6", "linux/arm64", "windows/amd64");
    assertThat(list.manifests()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.DOCKER_MANIFEST);
    assertThat(ImageJson.mediaTypeOf(resource("wild/docker-manifest-list.json"))).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
  }

  @Test
  void dockerManifest_roundTripsThroughOurWriter() throws IOException {
    ImageManifest m = ImageJson.readManifest(resource("wild/docker-manifest.json"));
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(m.layers()).singleElement().satisfies(l -> {
      assertThat(l.mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
      assertThat(l.size()).isEqualTo(3623807);
    });
    assertThat(ImageJson.readManifest(ImageJson.write(m))).isEqualTo(m);
  }

  @Test
  void dockerConfig_unknownKeysSurviveARewrite() throws IOException {
    ImageConfig base = ImageJson.readConfig(resource("wild/docker-config.json"));
    assertThat(base.created()).isEqualTo(Instant.parse("2023-11-30T22:22:51.456123789Z"));
    assertThat(base.config().cmd()).containsExactly("/bin/sh");
    assertThat(base.config().entrypoint()).isNull();
    assertThat(base.history()).extracting(ImageConfig.History::emptyLayer).containsExactly(false, true);
    assertThat(base.extra()).containsEntry("moby.buildkit.cache.v0", "\"W3siZGlnZXN0Ijoic2hhMjU2OjEyMyJ9XQ==\"")
        .containsEntry("docker_version", "\"20.10.23\"");
    assertThat(base.config().extra()).containsEntry("Hostname", "\"\"").containsEntry("AttachStdin", "false");

    ImageConfig child = base.withLayer(A, new ImageConfig.History(T, "RUN true", null, null, false));
    ImageConfig reread = ImageJson.readConfig(ImageJson.write(child));
    assertThat(reread).isEqualTo(child);
    String text = new String(ImageJson.write(child), StandardCharsets.UTF_8);
    assertThat(text).contains("\"moby.buildkit.cache.v0\":\"W3siZGlnZXN0Ijoic2hhMjU2OjEyMyJ9XQ==\"")
        .contains("\"Image\":\"sha256:7777")
        .contains("\"diff_ids\":[\"sha256:8888888888888888888888888888888888888888888888888888888888888888\",\"" + A + "\"]");
  }

  @Test
  void mediaTypeStyle_convertsOciToDockerAndBack() {
    ImageManifest docker = MediaTypeStyle.DOCKER.convert(goldenManifest());
    assertThat(docker.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(docker.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(docker.layers()).extracting(Descriptor::mediaType)
        .containsExactly(MediaTypes.DOCKER_LAYER_GZIP, "application/vnd.docker.image.rootfs.diff.tar.zstd");
    assertThat(ImageJson.readManifest(ImageJson.write(docker))).isEqualTo(docker);
    assertThat(MediaTypeStyle.OCI.convert(docker)).isEqualTo(goldenManifest());

    ImageIndex list = MediaTypeStyle.DOCKER.convert(goldenIndex());
    assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    assertThat(list.manifests()).extracting(Descriptor::mediaType).containsOnly(MediaTypes.DOCKER_MANIFEST);
    assertThat(ImageJson.readIndex(ImageJson.write(list))).isEqualTo(list);
    assertThat(MediaTypeStyle.OCI.convert(list)).isEqualTo(goldenIndex());
    assertThat(MediaTypeStyle.DOCKER.convert("application/vnd.in-toto+json")).isEqualTo("application/vnd.in-toto+json");
  }

  @Test
  void mediaTypeOf_infersOmittedTypeFromShape() {
    assertThat(ImageJson.mediaTypeOf("{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(MediaTypes.OCI_INDEX);
    assertThat(ImageJson.mediaTypeOf("{\"schemaVersion\":2,\"config\":{},\"layers\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(MediaTypes.OCI_MANIFEST);
  }

  @Test
  void readManifest_malformed_isOneLineUserError() {
    assertThatThrownBy(() -> ImageJson.readManifest("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidImageJsonException.class)
        .hasMessage("invalid image manifest: no \"config\" descriptor");
    assertThatThrownBy(() -> ImageJson.readIndex("[1,2".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidImageJsonException.class)
        .hasMessageStartingWith("invalid image index: ");
    assertThatThrownBy(() -> ImageJson.readConfig("{\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidImageJsonException.class)
        .hasMessageContaining("architecture");
  }
}
