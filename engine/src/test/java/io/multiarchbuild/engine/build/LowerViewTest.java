package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.snapshot.LayerRef;
import io.multiarchbuild.engine.snapshot.WhiteoutStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LowerViewTest {

  @TempDir Path tmp;

  private LowerView twoLayers() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("l1"));
    Path upper = Files.createDirectories(tmp.resolve("l2"));
    Files.createDirectories(lower.resolve("srv/app"));
    Files.createSymbolicLink(lower.resolve("app"), Path.of("/srv/app"));
    Files.createDirectories(upper.resolve("srv"));
    Files.createSymbolicLink(upper.resolve("srv/rel"), Path.of("app"));
    Files.createSymbolicLink(upper.resolve("escape"), Path.of("../../../../etc"));
    Files.createSymbolicLink(upper.resolve("loop"), Path.of("loop"));
    return new LowerView(List.of(new LayerRef("a", lower, WhiteoutStyle.values()[0]), new LayerRef("b", upper, WhiteoutStyle.values()[0])));
  }

  @Test
  void resolve_absoluteLinkInLowerLayer_followedInsideTheRoot() throws Exception {
    LowerView v = twoLayers();
    assertThat(v.resolve("/app")).isEqualTo("/srv/app");
    assertThat(v.resolve("/app/new/file")).isEqualTo("/srv/app/new/file");
    assertThat(v.isDirectory(v.resolve("/app"))).isTrue();
  }

  @Test
  void resolve_relativeLinkInUpperLayer_isRelativeToItsDirectory() throws Exception {
    assertThat(twoLayers().resolve("/srv/rel/x")).isEqualTo("/srv/app/x");
  }

  @Test
  void resolve_dotDotPastTheRoot_staysAtTheRoot() throws Exception {
    assertThat(twoLayers().resolve("/escape/passwd")).isEqualTo("/etc/passwd");
  }

  @Test
  void resolve_missingPath_keptAsWritten() throws Exception {
    LowerView v = twoLayers();
    assertThat(v.resolve("/nope/./a/../b/")).isEqualTo("/nope/b");
    assertThat(v.resolve("/")).isEqualTo("/");
  }

  @Test
  void resolve_linkLoop_isBuildError() throws Exception {
    LowerView v = twoLayers();
    assertThatThrownBy(() -> v.resolve("/loop/x")).isInstanceOf(BuildError.class).hasMessageContaining("too many levels of symbolic links");
  }

  private LowerView stage(Path lower, Path upper, WhiteoutStyle style) {
    return new LowerView(List.of(new LayerRef("a", lower, style), new LayerRef("b", upper, style)));
  }

  @Test
  void soleLayerOf_fileAndNewDirectoryInTopLayer_thatLayer() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("s1"));
    Path upper = Files.createDirectories(tmp.resolve("s2"));
    Files.createDirectories(lower.resolve("etc"));
    Files.writeString(lower.resolve("etc/out"), "old");
    Files.createDirectories(upper.resolve("etc"));
    Files.writeString(upper.resolve("etc/out"), "new");
    Files.createDirectories(upper.resolve("dist/sub"));
    Files.writeString(upper.resolve("out"), "x");
    LowerView v = stage(lower, upper, WhiteoutStyle.OVERLAY);
    assertThat(v.soleLayerOf(List.of("out"))).contains(upper);
    assertThat(v.soleLayerOf(List.of("etc/out", "dist"))).contains(upper); // a file hides the lower copy
    assertThat(v.soleLayerOf(List.of("dist/sub"))).contains(upper);
  }

  @Test
  void soleLayerOf_anythingNeedingTheMerge_empty() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("m1"));
    Path upper = Files.createDirectories(tmp.resolve("m2"));
    Files.createDirectories(lower.resolve("etc"));
    Files.writeString(lower.resolve("etc/passwd"), "root");
    Files.writeString(lower.resolve("base"), "b");
    Files.createDirectories(lower.resolve("real"));
    Files.writeString(lower.resolve("real/f"), "f");
    Files.createDirectories(upper.resolve("etc"));
    Files.writeString(upper.resolve("etc/group"), "g");
    Files.createSymbolicLink(upper.resolve("link"), Path.of("/real"));
    Files.writeString(upper.resolve("out"), "x");
    LowerView v = stage(lower, upper, WhiteoutStyle.OVERLAY);
    assertThat(v.soleLayerOf(List.of("etc"))).as("directory in both layers").isEmpty();
    assertThat(v.soleLayerOf(List.of("out", "base"))).as("two layers").isEmpty();
    assertThat(v.soleLayerOf(List.of("link/f"))).as("symlink on the way").isEmpty();
    assertThat(v.soleLayerOf(List.of("missing"))).isEmpty();
    assertThat(v.soleLayerOf(List.of(""))).as("the whole root").isEmpty();
    assertThat(stage(lower, upper, WhiteoutStyle.OCI).soleLayerOf(List.of("out"))).as("OCI-form markers").isEmpty();
  }

  @Test
  void soleLayerOf_deletedByWhiteoutAbove_empty() throws Exception {
    Path lower = Files.createDirectories(tmp.resolve("w1"));
    Path upper = Files.createDirectories(tmp.resolve("w2"));
    Files.writeString(lower.resolve("gone"), "g");
    Files.writeString(upper.resolve(".wh.gone"), "");
    assertThat(stage(lower, upper, WhiteoutStyle.OVERLAY).soleLayerOf(List.of("gone"))).isEmpty();
  }
}
