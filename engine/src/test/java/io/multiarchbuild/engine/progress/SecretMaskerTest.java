package io.multiarchbuild.engine.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretMaskerTest {

  private static final String SECRET = "s3cr3t~~~T0ken"; // '~~~' makes the base64 alphabets differ
  private static final Instant T = ManualClock.T0;

  private final ListSink downstream = new ListSink();
  private final SecretMasker masker = new SecretMasker(List.of(SECRET), downstream);

  private void log(String text) {
    masker.accept(new LogEvent("v", 1, text.getBytes(StandardCharsets.UTF_8), T));
  }

  private void finish(String error) {
    masker.accept(new VertexEvent("v", List.of(), "step", T, T, false, error, false));
  }

  @Test
  void log_secretInOneChunk_isMasked() {
    log("token=" + SECRET + " ok\n");
    assertThat(downstream.logText("v", 1)).isEqualTo("token=**** ok\n");
  }

  @Test
  void log_secretSplitAcrossChunksAtEveryPosition_isMasked() {
    String line = "Authorization: " + SECRET + "\n";
    for (int cut = 1; cut < line.length(); cut++) {
      ListSink sink = new ListSink();
      SecretMasker m = new SecretMasker(List.of(SECRET), sink);
      m.accept(new LogEvent("v", 1, line.substring(0, cut).getBytes(StandardCharsets.UTF_8), T));
      m.accept(new LogEvent("v", 1, line.substring(cut).getBytes(StandardCharsets.UTF_8), T));
      assertThat(sink.logText("v", 1)).as("cut at " + cut).isEqualTo("Authorization: ****\n");
    }
  }

  @Test
  void log_secretSplitOverThreeChunks_isMasked() {
    log("a " + SECRET.substring(0, 3));
    log(SECRET.substring(3, 7));
    log(SECRET.substring(7) + " b\n");
    assertThat(downstream.logText("v", 1)).isEqualTo("a **** b\n");
  }

  @Test
  void log_completeLinesWithoutSecret_areNotDelayed() {
    log("plain output\n");
    assertThat(downstream.logText("v", 1)).isEqualTo("plain output\n");
  }

  @Test
  void log_heldPrefixThatIsNotASecret_isReleasedByTheNextChunkOrTheVertexEnd() {
    log("value s3c");
    assertThat(downstream.logText("v", 1)).isEqualTo("value ");
    log("ond\nmore s3");
    assertThat(downstream.logText("v", 1)).isEqualTo("value s3cond\nmore ");
    finish(null);
    assertThat(downstream.logText("v", 1)).isEqualTo("value s3cond\nmore s3");
    assertThat(downstream.events.get(downstream.events.size() - 1)).isInstanceOf(VertexEvent.class);
  }

  @Test
  void close_releasesHeldTails() {
    log("tail s3cr");
    masker.close();
    assertThat(downstream.logText("v", 1)).isEqualTo("tail s3cr");
    assertThat(downstream.closed).isTrue();
  }

  @Test
  void log_base64Forms_areMasked() {
    byte[] raw = SECRET.getBytes(StandardCharsets.UTF_8);
    List<String> forms =
        List.of(
            Base64.getEncoder().encodeToString(raw),
            Base64.getEncoder().withoutPadding().encodeToString(raw),
            Base64.getUrlEncoder().encodeToString(raw),
            Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
    assertThat(forms.get(0)).isNotEqualTo(forms.get(2)); // the test secret exercises both alphabets
    for (String form : forms) {
      ListSink sink = new ListSink();
      SecretMasker m = new SecretMasker(List.of(SECRET), sink);
      m.accept(new LogEvent("v", 2, ("Basic " + form + "\n").getBytes(StandardCharsets.UTF_8), T));
      assertThat(sink.logText("v", 2)).as(form).isEqualTo("Basic ****\n");
    }
  }

  @Test
  void vertex_secretInNameAndError_isMasked() {
    masker.accept(
        new VertexEvent("v", List.of(), "RUN curl -u " + SECRET, T, T, false, "auth " + SECRET + " rejected", false));
    VertexEvent v = downstream.ofType(VertexEvent.class).get(0);
    assertThat(v.name()).isEqualTo("RUN curl -u ****");
    assertThat(v.error()).isEqualTo("auth **** rejected");
  }

  @Test
  void warningAndStatus_secretInText_isMasked() {
    masker.accept(new WarningEvent("v", 1, "SecretsUsedInArgOrEnv " + SECRET, List.of("x" + SECRET), "", null, 0, 0));
    masker.accept(new StatusEvent("pull " + SECRET, "v", SECRET, 0, 0, T, null, T));
    WarningEvent w = downstream.ofType(WarningEvent.class).get(0);
    assertThat(w.shortMessage()).isEqualTo("SecretsUsedInArgOrEnv ****");
    assertThat(w.detail()).containsExactly("x****");
    StatusEvent s = downstream.ofType(StatusEvent.class).get(0);
    assertThat(s.id()).isEqualTo("pull ****");
    assertThat(s.name()).isEqualTo("****");
  }

  @Test
  void log_separateStreamsAndVertices_keepSeparateCarries() {
    String head = SECRET.substring(0, 4);
    String rest = SECRET.substring(4);
    masker.accept(new LogEvent("v", 1, ("a " + head).getBytes(StandardCharsets.UTF_8), T));
    masker.accept(new LogEvent("v", 2, (rest + " not joined\n").getBytes(StandardCharsets.UTF_8), T));
    masker.accept(new LogEvent("w", 1, (rest + "\n").getBytes(StandardCharsets.UTF_8), T));
    masker.accept(new LogEvent("v", 1, (rest + "\n").getBytes(StandardCharsets.UTF_8), T));
    assertThat(downstream.logText("v", 1)).isEqualTo("a ****\n");
    assertThat(downstream.logText("v", 2)).isEqualTo(rest + " not joined\n");
    assertThat(downstream.logText("w", 1)).isEqualTo(rest + "\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "ok"})
  void constructor_secretShorterThanThree_isNotMasked(String shortSecret) {
    ListSink sink = new ListSink();
    SecretMasker m = new SecretMasker(List.of(shortSecret), sink);
    m.accept(new LogEvent("v", 1, "a ok line\n".getBytes(StandardCharsets.UTF_8), T));
    assertThat(sink.logText("v", 1)).isEqualTo("a ok line\n");
  }

  @Test
  void constructor_threeCharacterSecret_isMasked() {
    ListSink sink = new ListSink();
    SecretMasker m = new SecretMasker(List.of("pw1"), sink);
    m.accept(new LogEvent("v", 1, "x pw1 y\n".getBytes(StandardCharsets.UTF_8), T));
    assertThat(sink.logText("v", 1)).isEqualTo("x **** y\n");
  }
}
