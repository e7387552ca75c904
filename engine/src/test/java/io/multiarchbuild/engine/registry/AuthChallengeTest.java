package io.multiarchbuild.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthChallengeTest {

  @Test
  void parse_bearerWithQuotedParams_readsRealmServiceScope() {
    List<AuthChallenge> c = AuthChallenge.parse(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:library/busybox:pull,push\"");
    assertThat(c).containsExactly(new AuthChallenge("bearer", Map.of(
        "realm", "https://auth.docker.io/token",
        "service", "registry.docker.io",
        "scope", "repository:library/busybox:pull,push")));
  }

  @Test
  void parse_basic_hasRealm() {
    assertThat(AuthChallenge.parse("Basic realm=\"Registry Realm\""))
        .containsExactly(new AuthChallenge("basic", Map.of("realm", "Registry Realm")));
  }

  @Test
  void parse_caseAndSpacing_normalisesSchemeAndNames() {
    List<AuthChallenge> c = AuthChallenge.parse("BEARER  Realm = \"http://127.0.0.1:1/t\" , Service=reg");
    assertThat(c).hasSize(1);
    assertThat(c.get(0).scheme()).isEqualTo("bearer");
    assertThat(c.get(0).param("realm")).isEqualTo("http://127.0.0.1:1/t");
    assertThat(c.get(0).param("service")).isEqualTo("reg");
  }

  @Test
  void parse_twoChallenges_returnsBoth() {
    List<AuthChallenge> c = AuthChallenge.parse(
        "Basic realm=\"r\", Bearer realm=\"https://a/t\",service=\"s\",error=\"insufficient_scope\"");
    assertThat(c).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
    assertThat(c.get(1).param("error")).isEqualTo("insufficient_scope");
  }

  @Test
  void parse_escapedQuoteInValue_unescapes() {
    assertThat(AuthChallenge.parse("Basic realm=\"a \\\"b\\\" c\"").get(0).param("realm")).isEqualTo("a \"b\" c");
  }

  @Test
  void parse_emptyOrGarbage_returnsNothingWithoutLooping() {
    assertThat(AuthChallenge.parse(null)).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
    assertThat(AuthChallenge.parse("=\"x\"")).isEmpty();
    assertThat(AuthChallenge.parse("Bearer")).containsExactly(new AuthChallenge("bearer", Map.of()));
  }
}
