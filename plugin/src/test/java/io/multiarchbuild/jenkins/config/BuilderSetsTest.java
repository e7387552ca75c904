package io.multiarchbuild.jenkins.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderSetsTest {
  private final BuilderSet nativeSet = new BuilderSet("native",
      List.of(new LabelBuilder("linux/amd64", "amd64"), new LabelBuilder("linux/arm64", "arm64")));
  private final BuilderSet armSet = new BuilderSet("arm", List.of(new LabelBuilder("linux/arm/v7", "pi")));
  private final BuilderSets sets = new BuilderSets(List.of(nativeSet, armSet));

  @Test
  void find_existingName_returnsThatSet() {
    assertThat(sets.find("arm")).containsSame(armSet);
    assertThat(sets.find(" native ")).containsSame(nativeSet);
  }

  @Test
  void find_unknownOrDifferentlyCasedName_isEmpty() {
    assertThat(sets.find("Native")).isEmpty();
    assertThat(sets.find("x86")).isEmpty();
    assertThat(sets.find(null)).isEmpty();
  }

  @Test
  void builderFor_aliasOfAConfiguredPlatform_findsItsBuilder() {
    assertThat(nativeSet.builderFor(Platform.parse("linux/aarch64")))
        .hasValueSatisfying(b -> assertThat(((LabelBuilder) b).getLabel()).isEqualTo("arm64"));
    assertThat(nativeSet.builderFor(Platform.parse("linux/s390x"))).isEmpty();
  }

  @Test
  void all_isACopyTheCallerCannotChange() {
    List<BuilderSet> source = new ArrayList<>(List.of(nativeSet));
    BuilderSets copy = new BuilderSets(source);
    source.add(armSet);

    assertThat(copy.all()).containsExactly(nativeSet);
    assertThat(nativeSet.getBuilders()).isUnmodifiable();
  }

  @Test
  void constructors_trimTextAndTolerateNulls() {
    LabelBuilder builder = new LabelBuilder(" linux/arm64 ", " arm64 ");
    BuilderSet set = new BuilderSet(" native ", null);

    assertThat(builder.getPlatform()).isEqualTo("linux/arm64");
    assertThat(builder.getLabel()).isEqualTo("arm64");
    assertThat(set.getName()).isEqualTo("native");
    assertThat(set.getBuilders()).isEmpty();
    assertThat(new BuilderSets(null).all()).isEmpty();
  }
}
