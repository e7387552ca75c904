package io.multiarchbuild.engine.remotecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import io.multiarchbuild.engine.cache.BlobWriter;
import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.ContentStore;
import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import io.multiarchbuild.engine.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecompressTest {

  @TempDir
  Path tmp;

  private ContentStore store;
  private Layer gzip;
  private final List<Digest> fetched = new ArrayList<>();

  @BeforeEach
  void layer() throws IOException {
    store = CacheDir.open(tmp.resolve("cache")).blobs();
    gzip = write(Compression.GZIP);
  }

  /** A real layer written by LayerWriter: ~2 MB of text that compresses, differently per level. */
  private Layer write(Compression c) throws IOException {
    StringBuilder text = new StringBuilder();
    Random r = new Random(42);
    String[] words = {"layer", "cache", "zstd", "gzip", "blob", "digest", "manifest", "index", "tar"};
    while (text.length() < 2_000_000) {
      text.append(words[r.nextInt(words.length)]).append(r.nextInt(1000)).append(r.nextBoolean() ? ' ' : '\n');
    }
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    List<LayerEntry> entries = List.of(LayerEntry.directory("app", 0755, t),
        LayerEntry.file("app/words.txt", 0644, t, text.toString().getBytes(StandardCharsets.UTF_8)),
        LayerEntry.file("app/small", 0600, t, "hi\n".getBytes(StandardCharsets.UTF_8)));
    LayerWriter w = new LayerWriter(LayerWriter.Options.defaults().withCompression(c, -1));
    try (BlobWriter blob = store.writer()) {
      Layer l = w.write(entries, blob);
      assertThat(blob.commit(l.blob().digest())).isEqualTo(l.blob().digest());
      return l;
    }
  }

  private Recompress to(Compression c, int level, boolean force, MediaTypeStyle style) {
    return new Recompress(store, c, level, force, style);
  }

  private Layer convert(Recompress r, Layer l) throws IOException {
    return r.layer(l, fetched::add);
  }

  private byte[] tar(Layer l, Compression c) throws IOException {
    try (InputStream raw = store.open(l.blob().digest());
        InputStream in = c == Compression.ZSTD ? new ZstdInputStream(raw) : new GZIPInputStream(raw)) {
      return in.readAllBytes();
    }
  }

  private void assertStored(Layer l) throws IOException {
    assertThat(store.verify(l.blob().digest())).isTrue();
    assertThat(store.size(l.blob().digest())).isEqualTo(l.blob().size());
  }

  @Test
  void layer_gzipToZstdAndBack_sameDiffIdVerifiedBlobsRightMediaTypes() throws IOException {
    Layer zstd = convert(to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI), gzip);

    assertThat(zstd.diffId()).isEqualTo(gzip.diffId());
    assertThat(zstd.uncompressedSize()).isEqualTo(gzip.uncompressedSize());
    assertThat(zstd.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    assertThat(zstd.blob().digest()).isNotEqualTo(gzip.blob().digest());
    assertStored(zstd);
    assertThat(tar(zstd, Compression.ZSTD)).isEqualTo(tar(gzip, Compression.GZIP));
    assertThat(Digest.sha256(tar(zstd, Compression.ZSTD))).isEqualTo(gzip.diffId());

    Layer back = convert(to(Compression.GZIP, -1, false, MediaTypeStyle.OCI), zstd);
    assertThat(back.diffId()).isEqualTo(gzip.diffId());
    assertThat(back.blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_GZIP);
    assertStored(back);
    assertThat(Digest.sha256(tar(back, Compression.GZIP))).isEqualTo(gzip.diffId());
    // Same compressor, same default level as LayerWriter: the round trip gives the original blob.
    assertThat(back.blob().digest()).isEqualTo(gzip.blob().digest());
  }

  @Test
  void layer_zstdLevel1Versus19_higherLevelIsSmaller() throws IOException {
    Layer fast = convert(to(Compression.ZSTD, 1, false, MediaTypeStyle.OCI), gzip);
    Layer small = convert(to(Compression.ZSTD, 19, false, MediaTypeStyle.OCI), gzip);

    assertThat(small.blob().size()).isLessThan(fast.blob().size());
    assertThat(small.diffId()).isEqualTo(fast.diffId());
    assertStored(fast);
    assertStored(small);
  }

  @Test
  void layer_gzipLevel1Versus9_higherLevelIsSmaller() throws IOException {
    Layer zstd = convert(to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI), gzip);
    Layer fast = convert(to(Compression.GZIP, 1, false, MediaTypeStyle.OCI), zstd);
    Layer small = convert(to(Compression.GZIP, 9, false, MediaTypeStyle.OCI), zstd);

    assertThat(small.blob().size()).isLessThan(fast.blob().size());
  }

  @Test
  void layer_dockerMediaTypes_gzipGetsDockerLayerType() throws IOException {
    Layer zstd = convert(to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI), gzip);
    Layer docker = convert(to(Compression.GZIP, -1, false, MediaTypeStyle.DOCKER), zstd);

    assertThat(docker.blob().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
  }

  @Test
  void needed_sameCompression_onlyWhenForced() {
    assertThat(to(Compression.GZIP, -1, false, MediaTypeStyle.OCI).needed(gzip)).isFalse();
    assertThat(to(Compression.GZIP, 9, true, MediaTypeStyle.OCI).needed(gzip)).isTrue();
    assertThat(to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI).needed(gzip)).isTrue();
    Layer foreign = new Layer(Descriptor.of("application/x-unknown", gzip.blob().digest(), gzip.blob().size()),
        gzip.diffId(), gzip.uncompressedSize());
    assertThat(to(Compression.ZSTD, -1, true, MediaTypeStyle.OCI).needed(foreign)).isFalse();
  }

  @Test
  void apply_layerSharedByTwoRecords_recompressedOnceAndBothPointAtIt() throws IOException {
    CacheEntry a = new CacheEntry("sha256:" + "a".repeat(64), "linux/amd64", "COPY a", new byte[] {'{', '}'},
        List.of(gzip), List.of());
    CacheEntry b = new CacheEntry("sha256:" + "b".repeat(64), "linux/amd64", "COPY b", new byte[] {'{', '}'},
        List.of(gzip), List.of());

    List<CacheEntry> out = to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI).apply(List.of(a, b), fetched::add);

    assertThat(fetched).containsExactly(gzip.blob().digest());
    assertThat(out.get(0).layers()).isEqualTo(out.get(1).layers());
    assertThat(out.get(0).layers().get(0).blob().mediaType()).isEqualTo(MediaTypes.OCI_LAYER_ZSTD);
    assertThat(out.get(0).key()).isEqualTo(a.key());
  }

  @Test
  void layer_blobNotMatchingItsDiffId_failsAndExportsNothing() {
    Layer lying = new Layer(gzip.blob(), Digest.sha256("something else"), gzip.uncompressedSize());

    assertThatThrownBy(() -> convert(to(Compression.ZSTD, -1, false, MediaTypeStyle.OCI), lying))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not its diff_id");
  }
}
