package io.multiarchbuild.engine.remotecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Compression;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheSpecTest {

  @Test
  void parseTo_registryWithEveryKey_typedValues() {
    CacheSpec s = CacheSpec.parseTo("type=registry,ref=127.0.0.1:5000/c/cache:x,mode=max,compression=zstd,"
        + "oci-mediatypes=true,image-manifest=false,ignore-error=true");
    assertThat(s.type()).isEqualTo(CacheSpec.Type.REGISTRY);
    assertThat(s.ref().context()).isEqualTo("127.0.0.1:5000/c/cache");
    assertThat(s.mode()).isEqualTo(CacheSpec.Mode.MAX);
    assertThat(s.compression()).isEqualTo(Compression.ZSTD);
    assertThat(s.imageManifest()).isFalse();
    assertThat(s.ignoreError()).isTrue();
  }

  @Test
  void parseTo_compressionLevelAndForce_typedValues() {
    CacheSpec s = CacheSpec.parseTo("type=local,dest=/x,compression=zstd,compression-level=19,force-compression=true");
    assertThat(s.compressionLevel()).isEqualTo(19);
    assertThat(s.forceCompression()).isTrue();
    CacheSpec d = CacheSpec.parseTo("type=local,dest=/x,compression=gzip");
    assertThat(d.compressionLevel()).isEqualTo(-1);
    assertThat(d.forceCompression()).isFalse();
  }

  @Test
  void parseTo_defaults_minImageManifestOci() {
    CacheSpec s = CacheSpec.parseTo("type=registry,ref=r.example/a:b");
    assertThat(s.mode()).isEqualTo(CacheSpec.Mode.MIN);
    assertThat(s.imageManifest()).isTrue();
    assertThat(s.ociMediaTypes()).isTrue();
    assertThat(s.compression()).isNull();
  }

  @Test
  void parseFrom_bareName_isRegistryRef() {
    CacheSpec s = CacheSpec.parseFrom("r.example/a/cache:latest");
    assertThat(s.type()).isEqualTo(CacheSpec.Type.REGISTRY);
    assertThat(s.ref().repository()).isEqualTo("a/cache");
  }

  @Test
  void parseLocal_destAndSrcAndTag() {
    assertThat(CacheSpec.parseTo("type=local,dest=/tmp/c,mode=max").directory()).isEqualTo(Path.of("/tmp/c"));
    CacheSpec from = CacheSpec.parseFrom("type=local,src=/tmp/c,tag=v2");
    assertThat(from.directory()).isEqualTo(Path.of("/tmp/c"));
    assertThat(from.tag()).isEqualTo("v2");
  }

  @Test
  void parseTo_inline_hasNoRef() {
    assertThat(CacheSpec.parseTo("type=inline").type()).isEqualTo(CacheSpec.Type.INLINE);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "to|type=registry,ref=r/a,mode=medium|mode=medium is not valid; use mode=min or mode=max",
      "to|type=registry,ref=r/a,compression=lz4|compression=lz4 is not valid; use gzip, zstd or uncompressed",
      "to|type=local,dest=/x,compression=gzip,compression-level=12|compression-level=12 is not valid for gzip; use 0-9",
      "to|type=local,dest=/x,compression=zstd,compression-level=fast|compression-level=fast is not valid for zstd; use 1-22",
      "to|type=local,dest=/x,compression=zstd,force-compression=yes|force-compression=yes is not valid; use true or false",
      "to|type=registry|type=registry needs ref=REGISTRY/REPO[:TAG]",
      "to|type=registry,ref=r/a,refx=1|unknown key \"refx\" for type=registry",
      "to|type=local|type=local needs dest=DIRECTORY",
      "from|type=local,dest=/x|unknown key \"dest\" for type=local",
      "to|type=gha|type=gha is not supported by this engine",
      "to|type=inline,mode=max|an inline cache supports only mode=min",
      "from|type=inline|an inline cache is imported with --cache-from type=registry,ref=IMAGE",
      "to|type=registry,ref=r/a,image-manifest=true,oci-mediatypes=false|image-manifest=true needs oci-mediatypes=true",
      "to|type=registry,ref=r/a,ignore-error=maybe|ignore-error=maybe is not valid; use true or false",
      "to|type=registry,ref=UPPER/Case|ref:",
      "from|type=nope,ref=r/a|unknown or missing type \"nope\"",
  })
  void parse_badValue_oneLineErrorNamingIt(String direction, String value, String message) {
    assertThatThrownBy(() -> {
      if (direction.equals("to")) {
        CacheSpec.parseTo(value);
      } else {
        CacheSpec.parseFrom(value);
      }
    }).isInstanceOf(CacheSpecError.class)
        .hasMessageContaining(message)
        .hasMessageStartingWith(direction.equals("to") ? "--cache-to" : "--cache-from")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
