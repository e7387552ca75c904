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
}
