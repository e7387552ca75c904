package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SplitBuildTest {
  private static final String TAG = "registry.example.com/team/app:1.2";

  private static StepOptions options() {
    Options o = new Options();
    o.platforms = List.of("linux/amd64", "linux/arm64", "linux/arm/v7");
    o.tags = List.of(TAG);
    o.push = true;
    o.builders = List.of(new StepOptions.PlatformLabel("linux/arm64", "arm64"), new StepOptions.PlatformLabel("linux/arm/v7", "armv7"));
    return o.build();
  }

  /** Records where each platform was sent; every build waits until all have started (so they must run in parallel). */
  static final class RecordingAgents implements SplitBuild.Agents {
    final Map<String, String> where = new ConcurrentHashMap<>();
    final Map<String, StepOptions> given = new ConcurrentHashMap<>();
    final CountDownLatch allStarted;
    Map<String, String> joined;
    String failOn;

    RecordingAgents(int platforms) {
      allStarted = new CountDownLatch(platforms);
    }

    private AgentBuildResult build(Platform p, String place, StepOptions one) throws InterruptedException {
      where.put(p.toString(), place);
      given.put(p.toString(), one);
      allStarted.countDown();
      if (!allStarted.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("platforms were not built in parallel");
      }
      if (p.toString().equals(failOn)) {
        throw new OptionError("builders", "boom on " + p);
      }
      return new AgentBuildResult("sha256:" + p.architecture(), Map.of(p.toString(), "sha256:m-" + p.architecture()),
          Map.of("containerimage.digest", "sha256:m-" + p.architecture()), Duration.ofSeconds(1), null);
    }

    @Override
    public AgentBuildResult buildHere(Platform p, StepOptions one) throws InterruptedException {
      return build(p, "here", one);
    }

    @Override
    public AgentBuildResult buildOn(Platform p, String label, StepOptions one) throws InterruptedException {
      return build(p, "label:" + label, one);
    }

    @Override
    public String join(List<String> tags, Map<String, String> manifests) {
      joined = new LinkedHashMap<>(manifests);
      return "sha256:index";
    }
  }

  @Test
  void run_buildsEachPlatformWherePlaced_inParallel_thenJoinsInPlatformOrder() throws Exception {
    StepOptions options = options();
    Placement placement = StepPlan.place(options, n -> Optional.empty(), List.of());
    RecordingAgents agents = new RecordingAgents(3);
    Map<String, AgentBuildResult> results = new LinkedHashMap<>();

    Map<String, Object> value = SplitBuild.run(options, placement, agents, results);

    assertThat(agents.where).containsOnly(Map.entry("linux/amd64", "here"), Map.entry("linux/arm64", "label:arm64"),
        Map.entry("linux/arm/v7", "label:armv7"));
    assertThat(agents.joined).containsExactly(Map.entry("linux/amd64", "sha256:m-amd64"),
        Map.entry("linux/arm64", "sha256:m-arm64"), Map.entry("linux/arm/v7", "sha256:m-arm"));
    assertThat(value.get("digest")).isEqualTo("sha256:index");
    assertThat(value.get("imageName")).isEqualTo(TAG);
    assertThat(value.get("platforms")).isEqualTo(agents.joined);
    assertThat(results).containsOnlyKeys("linux/amd64", "linux/arm64", "linux/arm/v7");
  }

  @Test
  void run_eachPlatformGetsOnlyItself_pushedUnderItsOwnTag_withoutBuilders() throws Exception {
    StepOptions options = options();
    RecordingAgents agents = new RecordingAgents(3);

    SplitBuild.run(options, StepPlan.place(options, n -> Optional.empty(), List.of()), agents, new LinkedHashMap<>());

    StepOptions arm = agents.given.get("linux/arm64");
    assertThat(arm.platforms()).containsExactly("linux/arm64");
    assertThat(arm.push()).isFalse();
    assertThat(arm.builders()).isEmpty();
    assertThat(arm.outputs()).containsExactly("type=registry,\"name=registry.example.com/team/app\",push-by-digest=true");
    assertThat(arm.tags()).containsExactly(TAG);
  }

  @Test
  void run_onePlatformFails_theStepFailsWithItsMessage_andNothingIsJoined() {
    StepOptions options = options();
    RecordingAgents agents = new RecordingAgents(3);
    agents.failOn = "linux/arm64";

    assertThatThrownBy(() -> SplitBuild.run(options, StepPlan.place(options, n -> Optional.empty(), List.of()), agents,
        new LinkedHashMap<>())).isInstanceOf(OptionError.class).hasMessage("multiArchBuild builders: boom on linux/arm64");
    assertThat(agents.joined).isNull();
  }

  @Test
  void userError_isFoundBehindRemotingWrappers() {
    OptionError e = new OptionError("tags[0]", "bad");

    assertThat(BuildDriver.userError(new IOException("remote call failed", new RuntimeException(e)))).isSameAs(e);
    assertThat(BuildDriver.userError(new IOException("disk"))).isNull();
  }
}
