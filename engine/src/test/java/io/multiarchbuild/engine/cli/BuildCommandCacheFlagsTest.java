package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildCommandCacheFlagsTest {

  private static BuildRequest parse(String... args) {
    BuildCommand cmd = new BuildCommand();
    cmd.invocation = TestInvocations.in(Path.of("/work/dir"));
    new CommandLine(cmd).parseArgs(args);
    return cmd.request();
  }

  @Test
  void request_cacheFlags_repeatableAndTyped() {
    BuildRequest r = parse("--cache-dir", "/tmp/c",
        "--cache-from", "reg.example/app/cache:main",
        "--cache-from", "type=local,src=/srv/cache",
        "--cache-to", "type=registry,ref=reg.example/app/cache:main,mode=max,image-manifest=true",
        "--cache-to", "type=inline", "ctx");

    assertThat(r.cacheFrom()).extracting(CacheSpec::type).containsExactly(CacheSpec.Type.REGISTRY, CacheSpec.Type.LOCAL);
    assertThat(r.cacheFrom().get(0).ref().repository()).isEqualTo("app/cache");
    assertThat(r.cacheTo()).extracting(CacheSpec::type).containsExactly(CacheSpec.Type.REGISTRY, CacheSpec.Type.INLINE);
    assertThat(r.cacheTo().get(0).mode()).isEqualTo(CacheSpec.Mode.MAX);
  }

  @Test
  void run_badCacheToMode_oneLineErrorExit1(@TempDir Path tmp) {
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"build", "--progress", "none", "--cache-dir", tmp.resolve("c").toString(),
        "--cache-to", "type=registry,ref=r.example/a,mode=all", tmp.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("error: --cache-to: mode=all is not valid; use mode=min or mode=max");
  }
}
