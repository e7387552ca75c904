package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two identical COPY steps make the very same layer twice in one chain; a later RUN still runs on it
 * (BuildKit builds this Dockerfile), and what it sees is the topmost copy's effect.
 */
class RepeatedLayerIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
  }

  @Test
  void run_onAChainWithTheSameLayerTwice_seesTheTopmostCopy(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("a"), "a\n");
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\n"
        + "COPY a /a\n"
        + "RUN rm /a && echo gone > /between\n"
        + "COPY a /a\n"
        + "RUN cat /a /between > /seen\n");

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(out.resolve("seen")).hasContent("a\ngone\n");
  }
}
