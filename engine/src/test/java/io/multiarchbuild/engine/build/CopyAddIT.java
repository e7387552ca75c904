package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COPY/ADD features end to end: real builds with runc, checked in the exported file system or by running the image. */
class CopyAddIT {

  @TempDir static Path cacheDir;

  @BeforeAll
  static void components() {
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireDocker();
  }

  static int mode(Path p) throws Exception {
    return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
  }

  static int uid(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void chmodSymbolic_onFilesDirectoriesAndHeredocs_appliedPerFileAsChmodDoes(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        COPY --chmod=u=rwx,go=rx run.sh /bin/run.sh
        COPY --chmod=+x tool /opt/tool
        COPY --chmod=a-w conf/ /etc/app/
        COPY --chmod=u=rwX,go=rX --chown=app:app tree/ /tree/
        COPY --chmod=go= <<EOF /secret.txt
        hush
        EOF
        RUN stat -c '%%a %%U %%n' /bin/run.sh /opt/tool /etc/app/app.conf /tree/exec /tree/plain /tree/sub /secret.txt > /modes.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("run.sh"), "#!/bin/sh\necho ran\n");
    Files.setPosixFilePermissions(ctx.resolve("run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(ctx.resolve("tool"), "#!/bin/sh\necho tool\n");
    Files.setPosixFilePermissions(ctx.resolve("tool"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
    Files.createDirectories(ctx.resolve("conf"));
    Files.writeString(ctx.resolve("conf/app.conf"), "x=1\n");
    Files.setPosixFilePermissions(ctx.resolve("conf/app.conf"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
    Files.createDirectories(ctx.resolve("tree/sub"));
    Files.setPosixFilePermissions(ctx.resolve("tree/sub"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.writeString(ctx.resolve("tree/exec"), "e");
    Files.setPosixFilePermissions(ctx.resolve("tree/exec"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Files.writeString(ctx.resolve("tree/plain"), "p");
    Files.setPosixFilePermissions(ctx.resolve("tree/plain"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(Files.readString(out.resolve("modes.txt")).lines()).containsExactly(
        "755 root /bin/run.sh",
        "751 root /opt/tool",
        "444 root /etc/app/app.conf",
        "755 app /tree/exec",
        "644 app /tree/plain",
        "755 app /tree/sub",
        "600 root /secret.txt");
    assertThat(mode(out.resolve("opt/tool"))).isEqualTo(0751);
    assertThat(uid(out.resolve("tree/plain"))).isEqualTo(1000);
  }

  @Test
  void chmodInvalid_failsWithDockerfileLine(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestEnvironment.BASE_IMAGE + "\nARG M=u=rwq\nCOPY --chmod=$M a /a\n");
    Files.writeString(ctx.resolve("a"), "a");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageStartingWith("Dockerfile:3: invalid --chmod value \"u=rwq\": unknown permission \"q\"");
  }

  @Test
  void workdirRoot_afterBaseWithWorkdir_runAndImageUseRoot(@TempDir Path ctx) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s AS base
        WORKDIR /app
        FROM base
        WORKDIR /
        RUN pwd > /pwd.txt
        CMD ["sh", "-c", "pwd; cat /pwd.txt"]
        """.formatted(TestEnvironment.BASE_IMAGE));
    String ref = TestEnvironment.PLAIN_REGISTRY + "/it/workdir-root:" + uniqueTag();

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(push(ref)).build());

    Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--pull", "always", ref).assertSuccess();
    assertThat(r.stdout().lines()).containsExactly("/", "/");
  }

  @Test
  void copyDestination_throughSymlinksInImage_followedButNeverOutsideTheRoot(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        RUN mkdir -p /srv/app /srv/data && ln -s /srv/app /app && ln -s ../../../../../tmp /srv/up && ln -s data /srv/rel
        COPY f.txt /app
        COPY g.txt /srv/up/
        COPY h.txt /srv/rel/sub/
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.writeString(ctx.resolve("f.txt"), "f");
    Files.writeString(ctx.resolve("g.txt"), "g");
    Files.writeString(ctx.resolve("h.txt"), "h");

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(Files.isSymbolicLink(out.resolve("app"))).isTrue();
    assertThat(out.resolve("srv/app/f.txt")).hasContent("f");
    assertThat(out.resolve("tmp/g.txt")).hasContent("g");
    assertThat(out.resolve("srv/data/sub/h.txt")).hasContent("h");
  }
}
