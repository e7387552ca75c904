package io.multiarchbuild.jenkins.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderSetRulesTest {
  private static BuilderSet set(String name, PlatformBuilder... builders) {
    return new BuilderSet(name, List.of(builders));
  }

  @Test
  void checkName_simpleNames_areAccepted() {
    assertThat(BuilderSetRules.checkName("native")).isEmpty();
    assertThat(BuilderSetRules.checkName("arm64.fast_pool-2")).isEmpty();
  }

  @Test
  void checkName_blank_asksForAName() {
    assertThat(BuilderSetRules.checkName("  ")).contains("Give the builder set a name.");
    assertThat(BuilderSetRules.checkName(null)).contains("Give the builder set a name.");
  }

  @Test
  void checkName_spacesOrLeadingPunctuation_areRejectedNamingTheValue() {
    assertThat(BuilderSetRules.checkName("my set")).hasValueSatisfying(m -> assertThat(m).contains("\"my set\""));
    assertThat(BuilderSetRules.checkName("-x")).isPresent();
  }

  @Test
  void checkPlatform_validPlatforms_areAccepted() {
    assertThat(BuilderSetRules.checkPlatform("linux/arm64")).isEmpty();
    assertThat(BuilderSetRules.checkPlatform("linux/arm/v7")).isEmpty();
    assertThat(BuilderSetRules.checkPlatform(" linux/amd64 ")).isEmpty();
  }

  @Test
  void checkPlatform_malformed_isRejectedWithAnExample() {
    assertThat(BuilderSetRules.checkPlatform("linux//arm64"))
        .contains("Platform \"linux//arm64\" is not os/arch[/variant], e.g. linux/amd64 or linux/arm/v7.");
    assertThat(BuilderSetRules.checkPlatform("linux/arm/v7/extra")).isPresent();
    assertThat(BuilderSetRules.checkPlatform("")).contains("Enter a platform, e.g. linux/arm64.");
  }

  @Test
  void checkLabel_blank_isRejected() {
    assertThat(BuilderSetRules.checkLabel("arm64 && linux")).isEmpty();
    assertThat(BuilderSetRules.checkLabel(" ")).isPresent();
    assertThat(BuilderSetRules.checkLabel(null)).isPresent();
  }

  @Test
  void problemsOf_validSet_hasNone() {
    BuilderSet set = set("native", new LabelBuilder("linux/amd64", "amd64"), new LabelBuilder("linux/arm64", "arm64"));

    assertThat(set.problems()).isEmpty();
  }

  @Test
  void problemsOf_samePlatformTwiceAfterNormalisation_isReported() {
    BuilderSet set = set("native", new LabelBuilder("linux/arm64", "a"), new LabelBuilder("linux/aarch64", "b"));

    assertThat(set.problems())
        .containsExactly("Builder set \"native\" builds platform linux/arm64 twice: keep one builder per platform.");
  }

  @Test
  void problemsOf_invalidBuilders_areReportedWithTheSetName() {
    BuilderSet set = set("native", new LabelBuilder("linux/", ""));

    assertThat(set.problems()).containsExactly(
        "Builder set \"native\": Platform \"linux/\" is not os/arch[/variant], e.g. linux/amd64 or linux/arm/v7.",
        "Builder set \"native\": Enter the label of the agents that build this platform, e.g. arm64.");
  }

  @Test
  void problemsOf_setWithoutBuilders_isReported() {
    assertThat(set("empty").problems())
        .containsExactly("Builder set \"empty\" has no builders: add at least one platform.");
  }

  @Test
  void problemsOf_configurationWithDuplicateSetNames_isReported() {
    List<BuilderSet> sets = List.of(
        set("native", new LabelBuilder("linux/arm64", "arm64")),
        set("native", new LabelBuilder("linux/amd64", "amd64")));

    assertThat(BuilderSetRules.problemsOf(sets))
        .containsExactly("There are two builder sets named \"native\": set names must be unique.");
  }

  @Test
  void problemsOf_sameLabelForTwoPlatforms_isAllowed() {
    // one agent pool may build several platforms (e.g. arm64 hosts also build arm/v7)
    BuilderSet set = set("arm", new LabelBuilder("linux/arm64", "arm"), new LabelBuilder("linux/arm/v7", "arm"));

    assertThat(set.problems()).isEmpty();
  }
}
