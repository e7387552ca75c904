package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImageLocationTest {

  @Test
  void parse_dockerTransportAndBareReference_areRegistryLocations() {
    ImageLocation a = ImageLocation.parse("docker://127.0.0.1:5000/a/b:1");
    ImageLocation b = ImageLocation.parse("127.0.0.1:5000/a/b:1");
    assertThat(a).isEqualTo(b);
    assertThat(a.kind()).isEqualTo(ImageLocation.Kind.REGISTRY);
    assertThat(a.reference().repository()).isEqualTo("a/b");
  }

  @Test
  void parse_layoutWithAndWithoutTag() {
    ImageLocation t = ImageLocation.parse("oci:/tmp/lay:v1");
    assertThat(t.kind()).isEqualTo(ImageLocation.Kind.LAYOUT);
    assertThat(t.path()).isEqualTo(Path.of("/tmp/lay"));
    assertThat(t.tag()).isEqualTo("v1");
    assertThat(ImageLocation.parse("oci:rel/dir").tag()).isNull();
    ImageLocation a = ImageLocation.parse("oci-archive:x.tar:latest");
    assertThat(a.kind()).isEqualTo(ImageLocation.Kind.ARCHIVE);
    assertThat(a.path()).isEqualTo(Path.of("x.tar"));
  }

  @Test
  void parse_otherSkopeoTransport_isRefusedByName() {
    assertThatThrownBy(() -> ImageLocation.parse("dir:/tmp/x"))
        .isInstanceOf(ExportError.class).hasMessageContaining("unknown transport");
  }
}
