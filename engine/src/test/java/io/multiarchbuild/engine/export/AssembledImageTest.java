package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.oci.Descriptor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.ImageJson;
import io.multiarchbuild.engine.oci.ImageManifest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.Platform;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssembledImageTest {

  private static PlatformImage image(Platform p) {
    Digest diff = Digest.sha256("tar of " + p);
    Layer l = new Layer(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("gz of " + p), 123), diff, 456);
    ImageConfig c = ImageConfig.empty(p).withLayer(diff, new ImageConfig.History(null, "RUN x", null, null, false));
    return new PlatformImage(p, c, List.of(l));
  }

  @Test
  void of_sameResultTwice_givesIdenticalBytes() {
    ImageResult r = ImageResult.of(List.of(image(Platform.LINUX_AMD64), image(Platform.LINUX_ARM64)));
    AssembledImage a = AssembledImage.of(r, MediaTypeStyle.OCI);
    AssembledImage b = AssembledImage.of(r, MediaTypeStyle.OCI);
    assertThat(a.index().bytes()).isEqualTo(b.index().bytes());
    assertThat(a.top().digest()).isEqualTo(b.top().digest());
  }

  @Test
  void of_singlePlatform_topIsTheManifest_multiPlatformRequested_topIsAnIndex() {
    AssembledImage single = AssembledImage.of(ImageResult.of(image(Platform.LINUX_AMD64)), MediaTypeStyle.OCI);
    assertThat(single.index()).isNull();
    assertThat(single.top().descriptor().mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    AssembledImage wrapped = AssembledImage.of(new ImageResult(List.of(image(Platform.LINUX_AMD64)), true),
        MediaTypeStyle.OCI);
    assertThat(wrapped.top().descriptor().mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
  }

  @Test
  void of_dockerStyle_retypesEverythingButKeepsLayerDigests() {
    AssembledImage d = AssembledImage.of(ImageResult.of(List.of(image(Platform.LINUX_AMD64), image(Platform.LINUX_ARM64))),
        MediaTypeStyle.DOCKER);
    assertThat(d.index().descriptor().mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
    ImageManifest m = ImageJson.readManifest(d.platforms().get(0).manifest().bytes());
    assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
    assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
    assertThat(m.layers().get(0).mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
    assertThat(m.layers().get(0).digest()).isEqualTo(Digest.sha256("gz of linux/amd64"));
    assertThat(ImageJson.readIndex(d.index().bytes()).manifests().get(1).platform()).isEqualTo(Platform.LINUX_ARM64);
  }
}
