package io.multiarchbuild.engine.build;

import static io.multiarchbuild.engine.build.BuildFixtures.executed;
import static io.multiarchbuild.engine.build.BuildFixtures.push;
import static io.multiarchbuild.engine.build.BuildFixtures.request;
import static io.multiarchbuild.engine.build.BuildFixtures.run;
import static io.multiarchbuild.engine.build.BuildFixtures.uniqueTag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    Cmd.Result r = Cmd.run(TestEnvironment.DOCKER, "run", "--rm", "--network", "none", "--pull", "always", ref).assertSuccess();
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

  @Test
  void copyFrom_sourcesInOneLayerOrMerged_sameFilesAsTheStageShows(@TempDir Path ctx, @TempDir Path out) throws Exception {
    // Read straight from the stage's top layer: /out, /dist (new in that layer), /etc/hostname-copy.
    // Need the merged stage: /etc (in the base and the RUN's layer), /gone (deleted by the RUN),
    // /via (a symlink on the way), the two sources in different layers.
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s AS s
        RUN mkdir -p /dist/sub /keep && echo out > /out && echo d > /dist/sub/d && echo k > /keep/k \
         && echo mine > /etc/mine && ln -s /dist /via && echo bye > /gone
        RUN rm /gone && echo later > /later
        FROM %s
        COPY --from=s /out /one/
        COPY --from=s /dist /dist-copy
        COPY --from=s /etc /etc-copy
        COPY --from=s /via/sub/d /via-d
        COPY --from=s /later /out /two/
        RUN ls /etc-copy > /etc-copy.list && ! ls /etc-copy/nothing
        """.formatted(TestEnvironment.BASE_IMAGE, TestEnvironment.BASE_IMAGE));

    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());

    assertThat(out.resolve("one/out")).hasContent("out");
    assertThat(out.resolve("dist-copy/sub/d")).hasContent("d");
    assertThat(out.resolve("etc-copy/mine")).hasContent("mine");
    assertThat(out.resolve("etc-copy/passwd")).exists(); // from the base layer: the merge
    assertThat(out.resolve("via-d")).hasContent("d");
    assertThat(out.resolve("two/later")).hasContent("later");
    assertThat(out.resolve("two/out")).hasContent("out");

    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s AS s
        RUN echo bye > /gone
        RUN rm /gone
        FROM %s
        COPY --from=s /gone /gone
        """.formatted(TestEnvironment.BASE_IMAGE, TestEnvironment.BASE_IMAGE));
    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("\"/gone\" not found");
  }

  @Test
  void copySource_throughAbsoluteSymlink_resolvedInsideTheSourceNeverOnThisMachine(@TempDir Path ctx, @TempDir Path host, @TempDir Path out) throws Exception {
    // A file on this machine, outside the context and the image, that both links point at.
    Files.writeString(host.resolve("host-only.txt"), "must not be copied");
    Files.createDirectories(ctx.resolve("real"));
    Files.writeString(ctx.resolve("real/host-only.txt"), "inside the context");
    Files.createSymbolicLink(ctx.resolve("up"), host);
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s AS s
        RUN ln -s %s /to-host
        FROM %s
        COPY --from=s /to-host/host-only.txt /x.txt
        """.formatted(TestEnvironment.BASE_IMAGE, host, TestEnvironment.BASE_IMAGE));

    assertThatThrownBy(() -> run(request(ctx, cacheDir, Platform.LINUX_AMD64).build()))
        .hasMessageContaining("not found");

    // In the context an absolute link restarts at the context's root: /<host>/host-only.txt there.
    Path inside = Files.createDirectories(ctx.resolve(host.toString().substring(1)));
    Files.writeString(inside.resolve("host-only.txt"), "the context's own file");
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        COPY up/host-only.txt /y.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    run(request(ctx, cacheDir, Platform.LINUX_AMD64).output(OutputSpec.parse("type=local,dest=" + out)).build());
    assertThat(out.resolve("y.txt")).hasContent("the context's own file");
  }

  /** The layer digests of the one-platform image written as an OCI layout directory. */
  static List<String> layers(BuildResult r, Path layout) throws Exception {
    Digest manifest = r.manifests().values().iterator().next();
    JsonNode m = new ObjectMapper().readTree(layout.resolve("blobs/sha256/" + manifest.hex()).toFile());
    List<String> out = new ArrayList<>();
    m.get("layers").forEach(l -> out.add(l.get("digest").asText()));
    return out;
  }

  @Test
  void copyLink_baseChanges_linkedLayersReusedFromCacheAndIdentical(@TempDir Path ctx, @TempDir Path out) throws Exception {
    Files.writeString(ctx.resolve("Dockerfile"), """
        FROM %s
        ARG V=1
        RUN echo $V > /base.txt
        COPY --link app/ /srv/app/
        COPY --link --chmod=755 --chown=1000:1000 run.sh /usr/local/bin/run.sh
        COPY app/ /plain/
        RUN /usr/local/bin/run.sh > /ran.txt
        """.formatted(TestEnvironment.BASE_IMAGE));
    Files.createDirectories(ctx.resolve("app"));
    Files.writeString(ctx.resolve("app/a.txt"), "a");
    Files.writeString(ctx.resolve("run.sh"), "#!/bin/sh\ncat /srv/app/a.txt /base.txt\n");
    Path one = out.resolve("one");
    Path two = out.resolve("two");
    Path fs = out.resolve("fs");

    BuildResult first = run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildArg("V", "1")
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + one + ",name=it/link:1")).build());
    BuildResult second = run(request(ctx, cacheDir, Platform.LINUX_AMD64).buildArg("V", "2")
        .output(OutputSpec.parse("type=oci,tar=false,dest=" + two + ",name=it/link:2"))
        .output(OutputSpec.parse("type=local,dest=" + fs)).build());

    assertThat(executed(first)).anyMatch(n -> n.contains("COPY --link app/"));
    assertThat(executed(second))
        .anyMatch(n -> n.contains("RUN echo $V"))
        .anyMatch(n -> n.contains("COPY app/ /plain/")) // an ordinary COPY depends on its base
        // BuildKit links a copy only without --chmod; with it the copy is ordinary and re-runs
        .anyMatch(n -> n.contains("COPY --link --chmod"))
        .noneMatch(n -> n.contains("COPY --link app/"));
    List<String> a = layers(first, one);
    List<String> b = layers(second, two);
    assertThat(a).hasSize(b.size());
    int base = a.size() - 5; // the busybox layers, then RUN, linked COPY, COPY --chmod (not linked), COPY, RUN
    assertThat(b.get(base)).isNotEqualTo(a.get(base));
    assertThat(b.get(base + 1)).isEqualTo(a.get(base + 1)); // the linked layer, reused as is
    assertThat(fs.resolve("ran.txt")).hasContent("a2");
    assertThat(mode(fs.resolve("usr/local/bin/run.sh"))).isEqualTo(0755);
    assertThat(uid(fs.resolve("usr/local/bin/run.sh"))).isEqualTo(1000);
    assertThat(fs.resolve("bin/sh")).exists(); // the base is still under the linked layers
  }
}
