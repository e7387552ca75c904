package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD of a Git repository served by a real git daemon from a bare repository this test creates. */
class AddGitIT {

  @TempDir static Path cacheDir;
  @TempDir static Path repos;
  static Process daemon;
  static String url;
  static Path work;

  static void git(String... args) {
    String[] cmd = new String[args.length + 7];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = work.toString();
    cmd[3] = "-c";
    cmd[4] = "user.name=it";
    cmd[5] = "-c";
    cmd[6] = "user.email=it@example.invalid";
    System.arraycopy(args, 0, cmd, 7, args.length);
    Cmd.run(cmd).assertSuccess();
  }

  @BeforeAll
  static void serve() throws Exception {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireExecutable("git", "/usr/bin/git");
    work = Files.createDirectories(repos.resolve("work"));
    git("init", "-q", "-b", "main");
    Files.createDirectories(work.resolve("sub"));
    Files.writeString(work.resolve("sub/hello.txt"), "v1 hello");
    Files.writeString(work.resolve("sub/run.sh"), "#!/bin/sh\necho run\n");
    Files.setPosixFilePermissions(work.resolve("sub/run.sh"), PosixFilePermissions.fromString("rwx------"));
    Files.writeString(work.resolve("top.txt"), "top");
    git("add", "-A");
    git("commit", "-q", "-m", "one");
    git("tag", "-a", "v1", "-m", "v1");
    Files.writeString(work.resolve("sub/hello.txt"), "main hello");
    git("commit", "-q", "-am", "two");
    Path served = Files.createDirectories(repos.resolve("served"));
    Cmd.run("git", "clone", "-q", "--bare", work.toString(), served.resolve("repo.git").toString()).assertSuccess();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    daemon = new ProcessBuilder("git", "daemon", "--reuseaddr", "--export-all", "--listen=127.0.0.1", "--port=" + port,
        "--base-path=" + served, served.toString()).redirectErrorStream(true).redirectOutput(repos.resolve("daemon.log").toFile()).start();
    url = "git://127.0.0.1:" + port + "/repo.git";
    for (int i = 0; i < 100 && Cmd.run("git", "ls-remote", url).exitCode() != 0; i++) {
      Thread.sleep(100); // until the daemon listens
    }
    Cmd.run("git", "ls-remote", url).assertSuccess();
  }

  @AfterAll
  static void stop() throws Exception {
    daemon.destroy();
    daemon.waitFor();
  }

  static void push() {
    Cmd.run("git", "-C", work.toString(), "push", "-q", repos.resolve("served/repo.git").toString(), "main").assertSuccess();
  }

  @Test
  void addGit_tagWithSubdirAndHeadWithGitDir_checkedOutNormalisedAndCachedUntilTheRefMoves(@TempDir Path ctx, @TempDir Path out)
      throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        ADD %s#v1:sub /src/
        ADD --keep-git-dir=true %s /full/
        RUN cat /src/hello.txt /full/sub/hello.txt > /out.txt
        """.formatted(TestEnvironment.BASE_IMAGE, url, url));

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out.resolve("1"))).build());
    BuildResult same = run(request(ctx, cacheDir, Platform.LINUX_AMD64).build());
    Files.writeString(work.resolve("sub/hello.txt"), "moved hello");
    git("commit", "-q", "-am", "three");
    push();
    BuildResult moved = run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out.resolve("2"))).build());

    Path one = out.resolve("1");
    assertThat(one.resolve("out.txt")).hasContent("v1 hellomain hello");
    assertThat(one.resolve("src/top.txt")).doesNotExist();
    assertThat(one.resolve("src/.git")).doesNotExist();
    assertThat(one.resolve("full/.git")).isDirectory();
    assertThat(one.resolve("full/top.txt")).hasContent("top");
    assertThat(Files.getAttribute(one.resolve("src/run.sh"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0100755);
    assertThat(Files.getAttribute(one.resolve("src/hello.txt"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0100644);
    assertThat(executed(same)).isEmpty();
    assertThat(executed(moved)).noneMatch(n -> n.contains("#v1:sub")).anyMatch(n -> n.contains("ADD --keep-git-dir"));
    assertThat(out.resolve("2/out.txt")).hasContent("v1 hellomoved hello");
  }

  @Test
  void addGit_checksumNotTheCommit_errorNamesUrlAndCommit(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD --checksum=0123456789abcdef %s#v1 /src/\n".formatted(TestEnvironment.BASE_IMAGE, url));

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("ADD " + url + "#v1: checksum mismatch: --checksum is 0123456789abcdef but the ref resolves to commit ");
  }

  @Test
  void addGit_unknownRef_errorNamesRef(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM %s\nADD %s#nope /src/\n".formatted(TestEnvironment.BASE_IMAGE, url));

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("the repository has no branch or tag \"nope\"");
  }
}
