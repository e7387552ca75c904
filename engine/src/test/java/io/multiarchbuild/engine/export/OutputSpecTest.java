package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Compression;
import io.multiarchbuild.engine.oci.MediaTypeStyle;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputSpecTest {

  @Test
  void parse_registryWithUnquotedNameList_takesEveryName() {
    OutputSpec s = OutputSpec.parse("type=registry,name=a/b:1,c/d:2,push=true,oci-mediatypes=false,compression=zstd");
    assertThat(s.type()).isEqualTo(OutputSpec.Type.REGISTRY);
    assertThat(s.names()).containsExactly("a/b:1", "c/d:2");
    assertThat(s.shouldPush()).isTrue();
    assertThat(s.mediaTypes()).isEqualTo(MediaTypeStyle.DOCKER);
    assertThat(s.compression()).isEqualTo(Compression.ZSTD);
    assertThat(s.compressionLevel()).isEqualTo(-1);
    assertThat(s.forceCompression()).isFalse();
    OutputSpec forced = OutputSpec.parse("type=oci,dest=x.tar,compression=zstd,compression-level=19,force-compression=true");
    assertThat(forced.compressionLevel()).isEqualTo(19);
    assertThat(forced.forceCompression()).isTrue();
  }

  @Test
  void parse_quotedNameField_asBuildxWritesIt() {
    OutputSpec s = OutputSpec.parse("type=image,\"name=x:1,y:2\",push=true");
    assertThat(s.names()).containsExactly("x:1", "y:2");
    assertThat(s.shouldPush()).isTrue();
  }

  @Test
  void parse_imageWithoutPush_doesNotPush() {
    assertThat(OutputSpec.parse("type=image,name=x").shouldPush()).isFalse();
  }

  @Test
  void parse_barePath_isLocal_andDash_isTarToStdout() {
    OutputSpec local = OutputSpec.parse("out/dir");
    assertThat(local.type()).isEqualTo(OutputSpec.Type.LOCAL);
    assertThat(local.dest()).isEqualTo("out/dir");
    OutputSpec tar = OutputSpec.parse("-");
    assertThat(tar.type()).isEqualTo(OutputSpec.Type.TAR);
    assertThat(tar.dest()).isEqualTo("-");
  }

  @Test
  void mediaTypes_default_isOciExceptForDocker() {
    assertThat(OutputSpec.parse("type=oci,dest=x.tar").mediaTypes()).isEqualTo(MediaTypeStyle.OCI);
    assertThat(OutputSpec.parse("type=registry,name=x").mediaTypes()).isEqualTo(MediaTypeStyle.OCI);
    assertThat(OutputSpec.parse("type=docker").mediaTypes()).isEqualTo(MediaTypeStyle.DOCKER);
    assertThat(OutputSpec.parse("type=docker,oci-mediatypes=true").mediaTypes()).isEqualTo(MediaTypeStyle.OCI);
  }

  @Test
  void parse_ociTarFalseAndLocalPlatformSplit_areRead() {
    assertThat(OutputSpec.parse("type=oci,dest=d,tar=false").tar()).isFalse();
    assertThat(OutputSpec.parse("type=local,dest=d,platform-split=false").platformSplit()).isFalse();
    assertThat(OutputSpec.parse("type=tar,dest=f.tar").platformSplit()).isTrue();
  }

  @Test
  void parse_pushByDigest_isReadAndDefaultsToFalse() {
    assertThat(OutputSpec.parse("type=registry,name=r/x:1,push-by-digest=true").pushByDigest()).isTrue();
    assertThat(OutputSpec.parse("type=registry,name=r/x:1").pushByDigest()).isFalse();
  }

  @Test
  void parse_mistakes_giveOneLineErrorsNamingTheKey() {
    for (var c : List.of(
        List.of("type=registry,name=x,colour=blue", "unknown key \"colour\""),
        List.of("type=floppy,dest=x", "unknown type \"floppy\""),
        List.of("name=x", "no type="),
        List.of("type=registry", "push needs at least one name="),
        List.of("type=local", "dest= is required"),
        List.of("type=oci,dest=x,tar=maybe", "tar=maybe is not true or false"),
        List.of("type=image,name=x,compression=lz4", "compression=lz4 is not one of"),
        List.of("type=image,name=x,force-compression=maybe", "force-compression=maybe is not true or false"),
        List.of("type=image,name=x,compression=zstd,compression-level=23", "compression-level=23 is not valid for zstd; use 1-22"),
        List.of("type=image,name=x,compression-level=fast", "compression-level=fast is not valid for gzip; use 0-9"),
        List.of("type=local,dest=x,name=y", "unknown key \"name\""),
        List.of("type=image,\"name=x", "unterminated quote"))) {
      assertThatThrownBy(() -> OutputSpec.parse(c.get(0)))
          .as(c.get(0))
          .isInstanceOf(ExportError.class)
          .hasMessageContaining(c.get(1))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }
}
