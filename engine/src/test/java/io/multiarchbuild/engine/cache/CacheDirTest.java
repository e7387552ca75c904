package io.multiarchbuild.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheDirTest {

  @TempDir Path tmp;

  @Test
  void open_newDirectory_createsTheLayoutAndVersion() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("new/cache"));
    Path root = cache.root();
    assertThat(Files.readString(root.resolve("VERSION"))).isEqualTo("1\n");
    for (String d : new String[] {"blobs/sha256", "index", "snapshots", "mounts", "checksums", "tmp", "locks"}) {
      assertThat(root.resolve(d)).isDirectory();
    }
    assertThat(CacheDir.open(root).root()).isEqualTo(root);
  }

  @Test
  void open_otherFormatVersion_isACacheErrorNamingBothVersions() throws Exception {
    Path root = tmp.resolve("c");
    CacheDir.open(root);
    Files.writeString(root.resolve("VERSION"), "7\n");
    assertThatThrownBy(() -> CacheDir.open(root))
        .isInstanceOf(CacheError.class)
        .hasMessageContaining(root.toString())
        .hasMessageContaining("version 7")
        .hasMessageContaining("--cache-dir");
  }

  @Test
  void open_nonEmptyForeignDirectory_isRefused() throws Exception {
    Files.writeString(tmp.resolve("notes.txt"), "mine");
    assertThatThrownBy(() -> CacheDir.open(tmp))
        .isInstanceOf(CacheError.class)
        .hasMessageContaining("not a multiarch-build cache")
        .hasMessageContaining("notes.txt");
    assertThat(tmp.resolve("blobs")).doesNotExist();
  }

  @Test
  void open_aRegularFile_isACacheError() throws Exception {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> CacheDir.open(file)).isInstanceOf(CacheError.class).hasMessageContaining(file.toString());
  }

  @Test
  void defaultRoot_usesAbsoluteXdgCacheHomeElseHomeDotCache() {
    assertThat(CacheDir.defaultRoot(Map.of("XDG_CACHE_HOME", "/var/cache/me", "HOME", "/home/me")))
        .isEqualTo(Path.of("/var/cache/me/multiarch-build"));
    assertThat(CacheDir.defaultRoot(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/home/me")))
        .isEqualTo(Path.of("/home/me/.cache/multiarch-build"));
    assertThat(CacheDir.defaultRoot(Map.of("HOME", "/home/other"))).isEqualTo(Path.of("/home/other/.cache/multiarch-build"));
  }

  @Test
  void defaultRoot_neitherXdgCacheHomeNorHome_isACacheErrorNamingCacheDir() {
    assertThatThrownBy(() -> CacheDir.defaultRoot(Map.of("XDG_CACHE_HOME", "relative")))
        .isInstanceOf(CacheError.class).hasMessageContaining("--cache-dir");
  }

  @Test
  void mountDir_isStableForAnIdAndKeptByARecord() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Path a = cache.mountDir("/root/.cache/go-build");
    Files.writeString(a.resolve("obj"), "compiled");
    assertThat(cache.mountDir("/root/.cache/go-build")).isEqualTo(a);
    assertThat(cache.mountDir("other")).isNotEqualTo(a);
    assertThat(cache.index().get(CacheDir.mountKey("/root/.cache/go-build")).orElseThrow().kind())
        .isEqualTo(CacheRecord.Kind.CACHE_MOUNT);
  }

  @Test
  void snapshots_allocateFindDelete() throws Exception {
    CacheDir cache = CacheDir.open(tmp.resolve("c"));
    Path s = cache.allocateSnapshot();
    Files.createDirectories(s.resolve("usr/bin"));
    Files.writeString(s.resolve("usr/bin/tool"), "#!/bin/sh");
    String id = s.getFileName().toString();
    assertThat(cache.snapshot(id)).contains(s);
    assertThat(cache.deleteSnapshot(id)).isTrue();
    assertThat(cache.snapshot(id)).isEmpty();
    assertThat(cache.deleteSnapshot(id)).isFalse();
  }
}
