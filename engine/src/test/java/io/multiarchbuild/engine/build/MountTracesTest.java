package io.multiarchbuild.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.snapshot.LayerRef;
import io.multiarchbuild.engine.snapshot.WhiteoutStyle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountTracesTest {

  static final Instant T = Instant.parse("2024-01-02T03:04:05Z");

  @Test
  void strip_copiedUpParentWithNothingBelow_dropped_changedOrNonEmptyOrNewDirsKept(@TempDir Path lower) throws Exception {
    for (String d : List.of("etc", "root", "var")) {
      Path p = Files.createDirectory(lower.resolve(d));
      Files.setAttribute(p, "unix:mode", 0755);
      Files.setLastModifiedTime(p, FileTime.from(T));
    }
    LowerView view = new LowerView(List.of(new LayerRef("base", lower, WhiteoutStyle.OCI)));
    List<LayerEntry> diff = List.of(
        LayerEntry.directory("etc", 0755, T),                       // only copied up for a mount point
        LayerEntry.directory("root", 0755, T),                      // has a change below it
        LayerEntry.file("root/file", 0644, T, new byte[] {1}),
        LayerEntry.directory("var", 0700, T),                       // chmod'ed by the RUN
        LayerEntry.directory("new", 0755, T));                      // created by the RUN

    List<String> kept = MountTraces.strip(diff, view).stream().map(LayerEntry::path).toList();

    assertThat(kept).containsExactly("root", "root/file", "var", "new");
  }
}
