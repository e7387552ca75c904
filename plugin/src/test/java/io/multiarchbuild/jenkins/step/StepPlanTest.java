package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.jenkins.config.BuilderSet;
import io.multiarchbuild.jenkins.config.LabelBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StepPlanTest {
  private static final Function<String, Optional<BuilderSet>> NO_SETS = n -> Optional.empty();
  private static final BuilderSet ARM = new BuilderSet("arm", List.of(
      new LabelBuilder("linux/arm64", "arm64"), new LabelBuilder("linux/arm/v7", "armv7")));

  private static Placement place(Options o) {
    return StepPlan.place(o.build(), n -> n.equals("arm") ? Optional.of(ARM) : Optional.empty(), List.of("arm"));
  }

  @Test
  void place_noOptions_buildsTheAgentsOwnPlatformHere() {
    Placement p = place(new Options());

    assertThat(p.platforms()).isEmpty();
    assertThat(p.split()).isFalse();
  }

  @Test
  void place_platforms_normalisedAndDeduplicatedInOrder() {
    Options o = new Options();
    o.platforms = List.of("linux/arm64", "linux/amd64", "linux/aarch64");

    assertThat(place(o).platforms()).containsExactly(Platform.LINUX_ARM64, Platform.LINUX_AMD64);
  }

  @Test
  void place_badPlatform_failsNamingTheOptionAndIndex() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux//arm64");

    assertThatThrownBy(() -> place(o)).isInstanceOf(OptionError.class)
        .hasMessageStartingWith("multiArchBuild platforms[1]: 'linux//arm64' is not a platform")
        .message().doesNotContain("\n");
  }

  @Test
  void place_tagWithoutRegistry_whenPushing_fails() {
    Options o = new Options();
    o.push = true;
    o.tags = List.of("127.0.0.1:5000/team/app:1", "team/app:1.2");

    assertThatThrownBy(() -> place(o)).isInstanceOf(OptionError.class)
        .hasMessage("multiArchBuild tags[1]: 'team/app:1.2' names no registry, so it cannot be pushed; "
            + "write it as host/repository:tag, e.g. registry.example.com/team/app:1.2");
  }

  @Test
  void place_tagWithoutRegistry_withoutPush_isFine() {
    Options o = new Options();
    o.tags = List.of("app:1.2");

    assertThat(place(o).split()).isFalse();
  }

  @Test
  void place_pushWithoutTags_fails() {
    Options o = new Options();
    o.push = true;

    assertThatThrownBy(() -> place(o)).hasMessageStartingWith("multiArchBuild tags: push: true needs at least one tag");
  }

  @Test
  void place_invalidTag_failsWithTheReferenceError() {
    Options o = new Options();
    o.tags = List.of("registry.example.com/App:1");

    assertThatThrownBy(() -> place(o)).isInstanceOf(OptionError.class).hasMessageStartingWith("multiArchBuild tags[0]: ");
  }

  @Test
  void place_unknownBuilderSet_failsListingTheDefinedSets() {
    Options o = new Options();
    o.builderSet = "x86";

    assertThatThrownBy(() -> place(o))
        .hasMessage("multiArchBuild builderSet: no builder set named 'x86' in Manage Jenkins → System (defined: arm)");
  }

  @Test
  void place_unknownBuilderSet_whenNoneDefined_saysSo() {
    Options o = new Options();
    o.builderSet = "x86";

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of())).hasMessageEndingWith("(none is defined)");
  }

  @Test
  void place_builderSet_placesOnlyTheRequestedPlatformsOnTheirLabels() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux/arm64");
    o.builderSet = "arm";
    o.push = true;
    o.tags = List.of("127.0.0.1:5000/team/app:1");

    Placement p = place(o);

    assertThat(p.split()).isTrue();
    assertThat(p.labels()).containsExactly(Map.entry(Platform.LINUX_ARM64, "arm64"));
    assertThat(p.local()).containsExactly(Platform.LINUX_AMD64);
  }

  @Test
  void place_stepBuilders_overrideTheSetsLabel_andDefineThePlatformsWhenNoneGiven() {
    Options o = new Options();
    o.builderSet = "arm";
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "graviton"));
    o.push = true;
    o.tags = List.of("127.0.0.1:5000/team/app:1");

    Placement p = place(o);

    assertThat(p.platforms()).containsExactly(Platform.LINUX_ARM64, Platform.parse("linux/arm/v7"));
    assertThat(p.labels()).containsEntry(Platform.LINUX_ARM64, "graviton").containsEntry(Platform.parse("linux/arm/v7"), "armv7");
    assertThat(p.local()).isEmpty();
  }

  @Test
  void place_builders_withoutPush_failsExplainingWhy() {
    Options o = new Options();
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"));

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of()))
        .hasMessage("multiArchBuild push: platforms built on other agents (linux/arm64) are pushed by digest and "
            + "joined into one index in the registry; set push: true");
  }

  @Test
  void place_builderForAnUnrequestedPlatform_fails() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64");
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"));

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of()))
        .hasMessageStartingWith("multiArchBuild builders[0].platform: linux/arm64 is not in platforms");
  }

  @Test
  void place_builderWithoutLabel_fails() {
    Options o = new Options();
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", " "));

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of()))
        .hasMessageStartingWith("multiArchBuild builders[0].label: give the label");
  }

  @Test
  void place_buildersWithOutputs_fails() {
    Options o = new Options();
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"));
    o.push = true;
    o.tags = List.of("127.0.0.1:5000/a:1");
    o.outputs = List.of("type=local,dest=out");

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of())).hasMessageStartingWith("multiArchBuild outputs: ");
  }

  @Test
  void place_buildersWithForwardAgent_failsSuggestingSshKeys() {
    Options o = new Options();
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"));
    o.push = true;
    o.tags = List.of("127.0.0.1:5000/a:1");
    o.forwardAgent = true;

    assertThatThrownBy(() -> StepPlan.place(o.build(), NO_SETS, List.of()))
        .hasMessageStartingWith("multiArchBuild forwardAgent: the sshagent socket exists only on this agent");
  }

  @Test
  void place_badOutput_failsNamingIt() {
    Options o = new Options();
    o.outputs = List.of("type=ftp,dest=x");

    assertThatThrownBy(() -> place(o)).hasMessageStartingWith("multiArchBuild outputs[0]: --output: unknown type \"ftp\"");
  }

  @Test
  void place_secretIdTwice_orEmptyCredentialsId_fails() {
    Options twice = new Options();
    twice.secrets = List.of(new StepOptions.CredentialRef("npm", "a"), new StepOptions.CredentialRef("npm", "b"));
    Options empty = new Options();
    empty.registries = List.of(new StepOptions.CredentialRef("registry.example.com", ""));

    assertThatThrownBy(() -> place(twice)).hasMessage("multiArchBuild secrets[1].id: 'npm' is given twice");
    assertThatThrownBy(() -> place(empty))
        .hasMessage("multiArchBuild registries[0].credentialsId: is empty; give the id of a Jenkins credential");
  }

  @Test
  void namesRegistry_followsDockersRule() {
    assertThat(StepPlan.namesRegistry("registry.example.com/a:1")).isTrue();
    assertThat(StepPlan.namesRegistry("localhost/a")).isTrue();
    assertThat(StepPlan.namesRegistry("127.0.0.1:5000/a")).isTrue();
    assertThat(StepPlan.namesRegistry("team/app")).isFalse();
    assertThat(StepPlan.namesRegistry("app:1")).isFalse();
  }
}
