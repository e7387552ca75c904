package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FROM resolves a tag through the registry once and then reuses that resolution for a few minutes
 * (like BuildKit's per-session resolution; Docker's prefers a local image outright), even under
 * --no-cache; --pull always asks the registry and refreshes what is remembered.
 */
class FromResolutionIT {

  @TempDir static Path producerCache;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
  }

  @Test
  void from_tagMovedInTheRegistry_reusesTheRememberedResolutionUntilPull(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/moving-base:" + uniqueTag();
    publish(base, "one", work.resolve("p1"));
    Path consumer = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(consumer.resolve("Dockerfile"), "FROM " + base + "\nLABEL consumer=yes\n");
    Path cache = work.resolve("cache");

    assertThat(which(consumer, cache, false, work.resolve("o1"))).isEqualTo("one");
    publish(base, "two", work.resolve("p2"));
    assertThat(which(consumer, cache, false, work.resolve("o2"))).as("resolution remembered").isEqualTo("one");
    assertThat(which(consumer, cache, true, work.resolve("o3"))).as("--pull asks the registry").isEqualTo("two");
    assertThat(which(consumer, cache, false, work.resolve("o4"))).as("--pull refreshed the memo").isEqualTo("two");
  }

  @Test
  void from_tagMovedAfterTheMemoExpired_cachedRebuildUsesTheNewBase(@TempDir Path work) throws IOException {
    String base = TestEnvironment.PLAIN_REGISTRY + "/it/moving-base:" + uniqueTag();
    publish(base, "one", work.resolve("p1"));
    Path consumer = Files.createDirectories(work.resolve("consumer"));
    Files.writeString(consumer.resolve("Dockerfile"), "FROM " + base + "\nLABEL consumer=yes\n");
    Path cache = work.resolve("cache");

    assertThat(cachedWhich(consumer, cache, work.resolve("o1"))).isEqualTo("one");
    publish(base, "two", work.resolve("p2"));
    assertThat(cachedWhich(consumer, cache, work.resolve("o2"))).as("within the memo's time").isEqualTo("one");
    // the memo's time is up (its files are what expire): the next build asks the registry again, and
    // the FROM step's key (which carries the manifest digest) no longer matches the cached one
    FileTrees.delete(cache.resolve("resolved"));
    assertThat(cachedWhich(consumer, cache, work.resolve("o3"))).as("moved tag seen without --pull").isEqualTo("two");
  }

  /** Builds the consumer with the cache (no --no-cache, no --pull) and returns the base's /which. */
  private static String cachedWhich(Path ctx, Path cache, Path out) throws IOException {
    run(request(ctx, cache, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());
    return Files.readString(out.resolve("which"));
  }

  /** Pushes an image FROM the test base with /which holding {@code content} to {@code ref}. */
  private static void publish(String ref, String content, Path ctx) throws IOException {
    Files.createDirectories(ctx);
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nCOPY which /which\n");
    Files.writeString(ctx.resolve("which"), content);
    run(request(ctx, producerCache, Platform.LINUX_AMD64).output(push(ref)).build());
  }

  /** Builds the consumer with --no-cache (and --pull if asked) and returns the base's /which. */
  private static String which(Path ctx, Path cache, boolean pull, Path out) throws IOException {
    run(request(ctx, cache, Platform.LINUX_AMD64).noCache(true).pull(pull)
        .output(OutputSpec.parse("type=local,dest=" + out)).build());
    return Files.readString(out.resolve("which"));
  }
}
