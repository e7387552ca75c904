package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigCredentialsTest {

  @TempDir Path dir;

  private Path config(String json) throws IOException {
    return Files.writeString(dir.resolve("config.json"), json);
  }

  /** A credential helper that answers for one server and logs what it was asked. */
  private Path helper(String name) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "[ \"$1\" = get ] || exit 2",
        "read server",
        "echo \"$server\" >> '" + dir.resolve("helper.log") + "'",
        "case \"$server\" in",
        "  helped.example:5000) echo '{\"ServerURL\":\"helped.example:5000\",\"Username\":\"hu\",\"Secret\":\"hs\"}' ;;",
        "  https://index.docker.io/v1/) echo '{\"ServerURL\":\"x\",\"Username\":\"<token>\",\"Secret\":\"refresh\"}' ;;",
        "  broken.example) echo 'keychain locked' >&2; exit 3 ;;",
        "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
        "esac",
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  @Test
  void lookup_authBase64_decodesUserAndPassword() throws IOException {
    String auth = Base64.getEncoder().encodeToString("testuser:pa:ss".getBytes(StandardCharsets.UTF_8));
    CredentialStore store = CredentialStore.dockerConfig(
        config("{\"auths\":{\"127.0.0.1:5001\":{\"auth\":\"" + auth + "\"}}}"), List.of());
    assertThat(store.lookup("127.0.0.1:5001")).contains(Credentials.basic("testuser", "pa:ss"));
    assertThat(store.lookup("127.0.0.1:5000")).isEmpty();
  }

  @Test
  void lookup_dockerHubKeyAndSchemes_normalised() throws IOException {
    CredentialStore store = CredentialStore.dockerConfig(config("{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"p1\"},"
        + "\"http://reg.example:5000/v2/\":{\"username\":\"u\",\"password\":\"p2\"},"
        + "\"tok.example\":{\"identitytoken\":\"refresh-me\"}}}"), List.of());
    assertThat(store.lookup("docker.io")).contains(Credentials.basic("hub", "p1"));
    assertThat(store.lookup("reg.example:5000")).contains(Credentials.basic("u", "p2"));
    assertThat(store.lookup("tok.example")).contains(Credentials.identityToken("refresh-me"));
  }

  @Test
  void lookup_credHelper_runsHelperWithServerOnStdin() throws IOException {
    Path bin = helper("test");
    CredentialStore store = CredentialStore.dockerConfig(config("{\"credHelpers\":{"
        + "\"helped.example:5000\":\"test\",\"docker.io\":\"test\",\"other.example\":\"test\"},"
        + "\"auths\":{\"helped.example:5000\":{\"auth\":\"" + Base64.getEncoder().encodeToString("no:no".getBytes())
        + "\"}}}"), List.of(bin));
    assertThat(store.lookup("helped.example:5000")).contains(Credentials.basic("hu", "hs"));
    assertThat(store.lookup("docker.io")).contains(Credentials.identityToken("refresh"));
    assertThat(store.lookup("other.example")).as("'credentials not found' means anonymous").isEmpty();
    assertThat(Files.readAllLines(dir.resolve("helper.log")))
        .containsExactly("helped.example:5000", "https://index.docker.io/v1/", "other.example");
  }

  @Test
  void lookup_credsStore_appliesToEveryRegistry() throws IOException {
    Path bin = helper("test");
    CredentialStore store = CredentialStore.dockerConfig(config("{\"credsStore\":\"test\"}"), List.of(bin));
    assertThat(store.lookup("helped.example:5000")).contains(Credentials.basic("hu", "hs"));
  }

  @Test
  void lookup_failingHelper_isOneLineUserError() throws IOException {
    Path bin = helper("test");
    CredentialStore store = CredentialStore.dockerConfig(config("{\"credsStore\":\"test\"}"), List.of(bin));
    assertThatThrownBy(() -> store.lookup("broken.example"))
        .isInstanceOf(CredentialError.class)
        .hasMessage("docker-credential-test get for broken.example failed (exit 3): keychain locked");
  }

  @Test
  void lookup_missingHelper_namesItAndTheConfig() throws IOException {
    Path cfg = config("{\"credHelpers\":{\"x.example\":\"nothere\"}}");
    CredentialStore store = CredentialStore.dockerConfig(cfg, List.of(dir));
    assertThatThrownBy(() -> store.lookup("x.example"))
        .isInstanceOf(CredentialError.class)
        .hasMessage("credential helper docker-credential-nothere (named in " + cfg + ") is not on PATH");
  }

  @Test
  void lookup_missingFileOrBrokenJson_emptyOrError() throws IOException {
    assertThat(CredentialStore.dockerConfig(dir.resolve("none.json"), List.of()).lookup("a")).isEmpty();
    Path bad = config("{not json");
    assertThatThrownBy(() -> CredentialStore.dockerConfig(bad, List.of()).lookup("a"))
        .isInstanceOf(CredentialError.class)
        .hasMessageStartingWith("cannot read Docker config " + bad + ": ");
  }

  @Test
  void firstOf_explicitBeforeDockerConfig() throws IOException {
    CredentialStore file = CredentialStore.dockerConfig(
        config("{\"auths\":{\"a.example\":{\"username\":\"file\",\"password\":\"f\"}}}"), List.of());
    CredentialStore store = CredentialStore.firstOf(
        CredentialStore.of(Map.of("b.example", Credentials.basic("explicit", "e"))), file);
    assertThat(store.lookup("a.example")).contains(Credentials.basic("file", "f"));
    assertThat(store.lookup("b.example")).contains(Credentials.basic("explicit", "e"));
    assertThat(store.lookup("c.example")).isEqualTo(Optional.empty());
  }

  @Test
  void credentials_toString_hidesSecrets() {
    assertThat(Credentials.basic("u", "secret").toString()).doesNotContain("secret");
    assertThat(Credentials.identityToken("s3cr3t-refresh").toString()).doesNotContain("s3cr3t");
  }

  @Test
  void dockerConfig_ofAnEnvironment_usesItsDockerConfigPathAndRunsHelpersWithIt() throws IOException {
    Path cfgDir = Files.createDirectories(dir.resolve("callers-docker"));
    Files.writeString(cfgDir.resolve("config.json"), "{\"credsStore\":\"env\"}");
    Path bin = Files.createDirectories(dir.resolve("callers-bin"));
    Path script = bin.resolve("docker-credential-env");
    // answers with a variable of its environment and its working directory: both must be the caller's
    Files.writeString(script, "#!/bin/sh\nread server\n"
        + "echo \"{\\\"Username\\\":\\\"$CALLER_USER\\\",\\\"Secret\\\":\\\"$(pwd)\\\"}\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = Map.of("DOCKER_CONFIG", cfgDir.toString(), "PATH", "/usr/bin:/bin:" + bin,
        "CALLER_USER", "from-the-callers-env");

    assertThat(CredentialStore.dockerConfig(env).lookup("any.example"))
        .contains(Credentials.basic("from-the-callers-env", cfgDir.toString()));
  }

  @Test
  void dockerConfig_ofAnEnvironment_fallsBackToHomeDotDocker_andWithoutEitherIsAnonymous() throws IOException {
    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"),
        "{\"auths\":{\"h.example\":{\"username\":\"u\",\"password\":\"p\"}}}");

    assertThat(CredentialStore.dockerConfig(Map.of("HOME", home.toString())).lookup("h.example"))
        .contains(Credentials.basic("u", "p"));
    assertThat(CredentialStore.dockerConfig(Map.of()).lookup("h.example")).isEmpty();
  }
}
