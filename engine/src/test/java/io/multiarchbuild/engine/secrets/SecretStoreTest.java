package io.multiarchbuild.engine.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {

  @TempDir Path dir;

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void get_fileSecret_readsTheFileWhenAsked() throws Exception {
    Path file = Files.writeString(dir.resolve("npmrc"), "//registry/:_authToken=abc123\n");
    SecretStore store =
        SecretStore.builder(Map.of()).add(SecretSpec.parse("id=npm,src=" + file, Map.of())).build();

    assertThat(text(store.get("npm").orElseThrow())).isEqualTo("//registry/:_authToken=abc123\n");
    Files.writeString(file, "rotated");
    assertThat(text(store.get("npm").orElseThrow())).isEqualTo("rotated");
  }

  @Test
  void get_autoDetectedEnvSecret_readsTheVariable() {
    Map<String, String> env = Map.of("GH_TOKEN", "ghp_secret");
    SecretStore store = SecretStore.builder(env).add(SecretSpec.parse("id=GH_TOKEN", env)).build();

    assertThat(text(store.get("GH_TOKEN").orElseThrow())).isEqualTo("ghp_secret");
  }

  @Test
  void get_envSecretWhoseVariableIsUnset_isAbsentButListed() {
    SecretStore store =
        SecretStore.builder(Map.of()).add(SecretSpec.parse("type=env,id=tok,env=NOPE", Map.of())).build();

    assertThat(store.get("tok")).isEmpty();
    assertThat(store.ids()).containsExactly("tok");
  }

  @Test
  void get_programmaticValues_areCopiesAndWipedOnClose() {
    byte[] given = "s3cr3t-bytes".getBytes(StandardCharsets.UTF_8);
    SecretStore store =
        SecretStore.builder(Map.of()).add("bin", given).add("txt", "pässword".toCharArray()).build();
    given[0] = 'X';

    byte[] first = store.get("bin").orElseThrow();
    assertThat(text(first)).isEqualTo("s3cr3t-bytes");
    first[1] = 'Y';
    assertThat(text(store.get("bin").orElseThrow())).isEqualTo("s3cr3t-bytes");
    assertThat(text(store.get("txt").orElseThrow())).isEqualTo("pässword");

    store.close();
    assertThat(store.get("bin").orElseThrow()).containsOnly(0);
  }

  @Test
  void get_unknownId_isEmpty() {
    assertThat(SecretStore.builder(Map.of()).build().get("x")).isEmpty();
  }

  @Test
  void add_laterSourceForSameId_wins() {
    SecretStore store = SecretStore.builder(Map.of()).add("a", new byte[] {1}).add("a", new byte[] {2}).build();
    assertThat(store.get("a").orElseThrow()).containsExactly(2);
  }

  @Test
  void require_missingSecret_namesTheIdAndTheMount() {
    SecretStore store = SecretStore.builder(Map.of()).build();

    assertThatThrownBy(() -> store.require("npm_token", "RUN --mount=type=secret,id=npm_token (Dockerfile:7)"))
        .isInstanceOf(SecretsError.class)
        .hasMessage(
            "secret \"npm_token\" is required by RUN --mount=type=secret,id=npm_token (Dockerfile:7)"
                + " but was not provided; pass --secret id=npm_token,src=…");
  }

  @Test
  void add_fileSecretThatDoesNotExist_failsNamingIdAndPath() {
    Path missing = dir.resolve("nope");
    SecretStore.Builder b = SecretStore.builder(Map.of());

    assertThatThrownBy(() -> b.add(SecretSpec.parse("id=x,src=" + missing, Map.of())))
        .isInstanceOf(SecretsError.class)
        .hasMessage("secret \"x\": " + missing + " does not exist; pass --secret id=x,src=<file>");
    assertThatThrownBy(() -> b.add(SecretSpec.parse("id=x,src=" + dir, Map.of())))
        .hasMessageContaining("is not a regular file");
  }

  @Test
  void get_valueAboveBuildKitsLimit_isRefusedWithoutShowingIt() throws Exception {
    Path big = Files.write(dir.resolve("big"), new byte[SecretStore.MAX_SECRET_BYTES + 1]);
    SecretStore store = SecretStore.builder(Map.of()).add(SecretSpec.parse("id=big,src=" + big, Map.of())).build();

    assertThatThrownBy(() -> store.get("big")).isInstanceOf(SecretsError.class).hasMessageContaining("500 KiB");
  }

  @Test
  void maskValues_returnsTextValuesTrimmedAndLineByLine() throws Exception {
    Path key = Files.writeString(dir.resolve("key"), "-----BEGIN KEY-----\nAAAABBBBCCCCDDDD\n-----END KEY-----\n");
    SecretStore store =
        SecretStore.builder(Map.of("TOK", "tok-123"))
            .add(SecretSpec.parse("id=TOK", Map.of("TOK", "tok-123")))
            .add(SecretSpec.parse("id=key,src=" + key, Map.of()))
            .add("blank", "  \n".getBytes(StandardCharsets.UTF_8))
            .add("binary", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})
            .build();

    List<String> mask = store.maskValues();

    assertThat(mask)
        .containsExactlyInAnyOrder(
            "tok-123",
            "-----BEGIN KEY-----\nAAAABBBBCCCCDDDD\n-----END KEY-----\n",
            "-----BEGIN KEY-----\nAAAABBBBCCCCDDDD\n-----END KEY-----",
            "-----BEGIN KEY-----",
            "AAAABBBBCCCCDDDD",
            "-----END KEY-----");
  }

  @Test
  void of_specsFromTheProcessEnvironment_buildsTheStore() throws Exception {
    Path f = Files.writeString(dir.resolve("f"), "v");
    SecretStore store = SecretStore.of(List.of(new SecretSpec("f", SecretSpec.Type.FILE, f.toString())), Map.of());
    assertThat(store.ids()).containsExactly("f");
  }
}
