package io.multiarchbuild.engine.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformMatcherTest {

  private static Digest digestOf(String s) {
    return Digest.sha256(s);
  }

  private static ImageIndex indexOf(String... platforms) {
    List<Descriptor> ds = new ArrayList<>();
    for (String p : platforms) {
      ds.add(Descriptor.of(MediaTypes.OCI_MANIFEST, digestOf(p), 500).withPlatform(Platform.parse(p)));
    }
    return ImageIndex.of(ds);
  }

  @ParameterizedTest
  @CsvSource({
    "linux/arm64, linux/arm64/v8, true",
    "linux/arm64/v8, linux/arm64, true",
    "linux/arm/v7, linux/arm/v6, true",
    "linux/arm/v7, linux/arm/v5, true",
    "linux/arm/v6, linux/arm/v7, false",
    "linux/arm64, linux/arm/v7, true",
    "linux/amd64, linux/386, true",
    "linux/amd64, linux/arm64, false",
    "linux/amd64/v3, linux/amd64/v2, true",
    "linux/amd64/v3, linux/amd64, true",
    "linux/amd64, linux/amd64/v2, false",
    "linux/arm64/v8.2, linux/arm64, true",
    "linux/arm64, linux/arm64/v8.2, false",
    "linux/arm64/v9, linux/arm64/v8.4, true",
    "linux/arm64/v9, linux/arm64/v8.5, true",
    "linux/arm64/v9, linux/arm64/v8.6, false",
    "linux/amd64, windows/amd64, false",
  })
  void only_matchesAsContainerd(String requested, String candidate, boolean expected) {
    assertThat(PlatformMatcher.only(Platform.parse(requested)).matches(Platform.parse(candidate))).isEqualTo(expected);
  }

  @Test
  void only_ordersExactFirstThenDescendingVariants() {
    assertThat(PlatformMatcher.only(Platform.parse("linux/arm64")).candidates())
        .extracting(Platform::toString)
        .containsExactly("linux/arm64", "linux/arm/v8", "linux/arm/v7", "linux/arm/v6", "linux/arm/v5");
    assertThat(PlatformMatcher.only(Platform.parse("linux/amd64/v3")).candidates())
        .extracting(Platform::toString)
        .containsExactly("linux/amd64/v3", "linux/amd64/v2", "linux/amd64", "linux/386");
  }

  @Test
  void strict_rejectsCompatibleButDifferentPlatforms() {
    PlatformMatcher m = PlatformMatcher.strict(Platform.parse("linux/arm/v7"));
    assertThat(m.matches(Platform.parse("linux/arm/v6"))).isFalse();
    assertThat(m.matches(Platform.parse("linux/arm"))).isTrue();
  }

  @Test
  void select_prefersExactMatchOverCompatible() {
    ImageIndex index = indexOf("linux/arm/v5", "linux/arm/v6", "linux/arm/v7", "linux/amd64");
    Descriptor d = PlatformMatcher.only(Platform.parse("linux/arm/v7")).select(index, "x:1");
    assertThat(d.platform()).isEqualTo(Platform.parse("linux/arm/v7"));
  }

  @Test
  void select_fallsBackToBestCompatible() {
    ImageIndex index = indexOf("linux/arm/v5", "linux/amd64", "linux/arm/v6");
    Descriptor d = PlatformMatcher.only(Platform.parse("linux/arm64")).select(index, "x:1");
    assertThat(d.platform().toString()).isEqualTo("linux/arm/v6");
  }

  @Test
  void select_arm64v8SpellingFindsArm64() {
    ImageIndex index = ImageJson.readIndex(ImageJson.write(indexOf("linux/amd64", "linux/arm64/v8")));
    assertThat(PlatformMatcher.only(Platform.parse("linux/arm64/v8")).select(index, "x:1").platform())
        .isEqualTo(Platform.LINUX_ARM64);
  }

  @Test
  void select_noMatch_listsAvailablePlatforms() {
    ImageIndex index =
        ImageIndex.of(
            List.of(
                Descriptor.of(MediaTypes.OCI_MANIFEST, digestOf("1"), 1).withPlatform(Platform.LINUX_AMD64),
                Descriptor.of(MediaTypes.OCI_MANIFEST, digestOf("2"), 1).withPlatform(Platform.LINUX_ARM64),
                Descriptor.of(MediaTypes.OCI_MANIFEST, digestOf("3"), 1).withPlatform(new Platform("unknown", "unknown", ""))));
    assertThatThrownBy(() -> PlatformMatcher.only(Platform.parse("linux/riscv64")).select(index, "127.0.0.1:5000/x:1"))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessage("no manifest for linux/riscv64 in 127.0.0.1:5000/x:1; available: linux/amd64, linux/arm64");
  }

  @Test
  void select_neverPicksEntriesWithoutPlatform() {
    ImageIndex index = ImageIndex.of(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, digestOf("1"), 1)));
    assertThatThrownBy(() -> PlatformMatcher.only(Platform.LINUX_AMD64).select(index, "x"))
        .hasMessage("no manifest for linux/amd64 in x; available: (none)");
  }
}
