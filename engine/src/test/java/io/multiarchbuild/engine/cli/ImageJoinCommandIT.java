package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code image join} end to end: {@code image copy --platform} twice, join, check with skopeo. */
class ImageJoinCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void setUp() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireSkopeo();
  }

  @Test
  void join_twoCopiedPlatforms_printsTheIndexDigestThatSkopeoSeesUnderBothTags() throws Exception {
    String u = UUID.randomUUID().toString().substring(0, 12);
    String r = TestEnvironment.PLAIN_REGISTRY;
    Run amd = run("image", "copy", "--platform", "linux/amd64", TestEnvironment.BASE_IMAGE, "docker://" + r + "/cli/join-a-" + u + ":x");
    Run arm = run("image", "copy", "--platform", "linux/arm64", TestEnvironment.BASE_IMAGE, "docker://" + r + "/cli/join-b-" + u + ":x");
    assertThat(amd.exit()).as(amd.err()).isZero();
    assertThat(arm.exit()).as(arm.err()).isZero();

    Run join = run("image", "join", "--verbose", "--tag", r + "/cli/join-" + u + ":1", "--tag", r + "/cli/join-" + u + ":2",
        r + "/cli/join-a-" + u + "@" + amd.out().trim(), r + "/cli/join-b-" + u + "@" + arm.out().trim());

    assertThat(join.exit()).as(join.err()).isZero();
    String[] lines = join.out().strip().split("\n");
    assertThat(lines).containsExactly(lines[0], "linux/amd64 " + amd.out().trim(), "linux/arm64 " + arm.out().trim());
    for (String tag : new String[] {"1", "2"}) {
      String digest = Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--format", "{{.Digest}}",
          "docker://" + r + "/cli/join-" + u + ":" + tag).stdout().trim();
      assertThat(digest).isEqualTo(lines[0]);
    }
    JsonNode raw = JSON.readTree(Cmd.runChecked(TestEnvironment.SKOPEO, "inspect", "--tls-verify=false", "--raw",
        "docker://" + r + "/cli/join-" + u + ":1").stdout());
    assertThat(raw.path("manifests")).hasSize(2);
  }

  @Test
  void join_withoutTag_isAUsageError() {
    Run r = run("image", "join", TestEnvironment.BASE_IMAGE);
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("--tag");
  }
}
