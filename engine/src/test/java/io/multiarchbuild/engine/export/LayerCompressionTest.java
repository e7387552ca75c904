package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerEntry;
import io.multiarchbuild.engine.oci.LayerWriter;
import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerCompressionTest {

  private static Layer layer(Blobs blobs, Path tmp, Compression c, String content) throws IOException {
    LayerWriter w = new LayerWriter(LayerWriter.Options.defaults().withCompression(c, -1));
    Path file = Files.createTempFile(tmp, "layer", ".blob");
    Layer l = w.write(List.of(LayerEntry.file(content + ".txt", 0644, Instant.EPOCH, content.getBytes())), file);
    blobs.add(l.blob().digest(), out -> Files.copy(file, out));
    return l;
  }

  private static ImageResult image(Layer... layers) {
    ImageConfig c = ImageConfig.empty(Platform.LINUX_AMD64);
    for (Layer l : layers) {
      c = c.withLayer(l.diffId(), new ImageConfig.History(null, "test", null, null, false));
    }
    return ImageResult.of(new PlatformImage(Platform.LINUX_AMD64, c, List.of(layers)));
  }

  private static OutputSpec spec(String text) {
    return OutputSpec.parse(text);
  }

  private static List<Compression> compressions(ImageResult r) {
    return r.images().get(0).layers().stream().map(l -> Compression.ofLayerMediaType(l.blob().mediaType())).toList();
  }

  @Test
  void apply_zstd_convertsBuildLayersKeepsBaseLayers_andTheTarIsTheSame(@TempDir Path dir) throws Exception {
    Blobs blobs = Blobs.directory(dir.resolve("blobs"));
    Layer base = layer(blobs, dir, Compression.GZIP, "base");
    Layer built = layer(blobs, dir, Compression.GZIP, "built");
    LayerCompression lc = new LayerCompression(blobs, dir.resolve("tmp"));

    ImageResult out = lc.apply(image(base, built), spec("type=oci,dest=x,compression=zstd"), Set.of(base.diffId()));

    assertThat(compressions(out)).containsExactly(Compression.GZIP, Compression.ZSTD);
    Layer z = out.images().get(0).layers().get(1);
    assertThat(z.diffId()).isEqualTo(built.diffId());
    assertThat(blobs.size(z.blob().digest())).isEqualTo(z.blob().size());
    try (InputStream in = Compression.decompressing(blobs.open(z.blob().digest()))) {
      assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(built.diffId());
    }
    // the same config: only blobs changed
    assertThat(out.images().get(0).config()).isEqualTo(image(base, built).images().get(0).config());
  }

  @Test
  void apply_forceCompression_convertsBaseLayersToo(@TempDir Path dir) throws Exception {
    Blobs blobs = Blobs.directory(dir.resolve("blobs"));
    Layer base = layer(blobs, dir, Compression.GZIP, "base");
    LayerCompression lc = new LayerCompression(blobs, dir.resolve("tmp"));

    ImageResult out = lc.apply(image(base), spec("type=oci,dest=x,compression=uncompressed,force-compression=true"),
        Set.of(base.diffId()));

    Layer plain = out.images().get(0).layers().get(0);
    assertThat(compressions(out)).containsExactly(Compression.NONE);
    assertThat(plain.blob().digest()).isEqualTo(base.diffId());
  }

  @Test
  void apply_noCompressionAsked_convertsZstdBuildLayersToGzip_andLocalOutputsAreUntouched(@TempDir Path dir)
      throws Exception {
    Blobs blobs = Blobs.directory(dir.resolve("blobs"));
    Layer built = layer(blobs, dir, Compression.ZSTD, "built");
    LayerCompression lc = new LayerCompression(blobs, dir.resolve("tmp"));
    ImageResult in = image(built);

    assertThat(compressions(lc.apply(in, spec("type=image,name=x"), Set.of()))).containsExactly(Compression.GZIP);
    assertThat(lc.apply(in, spec("type=local,dest=x"), Set.of())).isSameAs(in);
    assertThat(lc.apply(in, spec("type=oci,dest=x,compression=zstd"), Set.of())).isSameAs(in);
  }

  @Test
  void apply_blobThatIsNotItsDiffId_fails(@TempDir Path dir) throws Exception {
    Blobs blobs = Blobs.directory(dir.resolve("blobs"));
    Layer real = layer(blobs, dir, Compression.GZIP, "real");
    Layer other = layer(blobs, dir, Compression.GZIP, "other");
    Layer lying = new Layer(Descriptor.of(real.blob().mediaType(), other.blob().digest(), other.blob().size()),
        real.diffId(), real.uncompressedSize());
    LayerCompression lc = new LayerCompression(blobs, dir.resolve("tmp"));

    assertThatThrownBy(() -> lc.apply(image(lying), spec("type=oci,dest=x,compression=zstd"), Set.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not its diff_id");
  }
}
