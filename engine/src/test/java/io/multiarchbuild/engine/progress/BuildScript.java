package io.multiarchbuild.engine.progress;

import java.util.List;

/**
 * A scripted two-platform build used by the renderer tests: interleaved vertices, a partial log
 * line finished later, a warning, a cached step, a byte-status upload with throttled updates, a
 * failed step whose last line has no newline, and a step canceled at the end.
 */
final class BuildScript {

  static final String FAILED_NAME = "[linux/amd64 build 3/4] RUN make test";

  private BuildScript() {}

  static void play(ProgressSink sink) {
    ManualClock clock = new ManualClock();
    ProgressWriter w = new ProgressWriter(sink, clock);
    VertexHandle load = w.vertex("sha256:a1", "[internal] load build definition from Dockerfile", List.of());
    VertexHandle base = w.vertex("sha256:b2", "[linux/arm64 base 1/4] FROM docker.io/library/alpine:3.20", List.of());
    VertexHandle arm = w.vertex("sha256:c3", "[linux/arm64 build 2/4] RUN make", List.of("sha256:b2"));
    VertexHandle amd = w.vertex("sha256:d4", "[linux/amd64 build 2/4] RUN make", List.of());
    VertexHandle export = w.vertex("sha256:e5", "exporting to image", List.of("sha256:c3"));
    VertexHandle test = w.vertex("sha256:f6", FAILED_NAME, List.of("sha256:d4"));

    clock.at(0);
    load.started();
    clock.at(10);
    load.status("transferring dockerfile:", 123, 0);
    clock.at(15);
    load.statusDone("transferring dockerfile:");
    clock.at(100);
    load.completed();

    clock.at(200);
    base.cached();

    clock.at(300);
    arm.started();
    clock.at(712);
    arm.log(LogEvent.STDOUT, "cc -c main.c\ncc -c ut");
    clock.at(800);
    amd.started();
    clock.at(1050);
    amd.log(LogEvent.STDERR, "warning: unused variable\n");
    clock.at(1100);
    arm.log(LogEvent.STDOUT, "il.c\n");
    arm.warn(1, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match", List.of("detail"), "https://docs.docker.com/go/dockerfile/rule/from-as-casing/");
    clock.at(12_345);
    arm.log(LogEvent.STDOUT, "linking\n");
    clock.at(12_500);
    arm.completed();

    clock.at(13_000);
    export.started();
    export.status("sha256:1234abcd", 0, 45_000_000);
    clock.at(13_500);
    export.status("sha256:1234abcd", 1_000_000, 45_000_000);
    clock.at(14_000);
    export.status("sha256:1234abcd", 12_300_000, 45_000_000);
    clock.at(19_500);
    export.status("sha256:1234abcd", 12_400_000, 45_000_000);
    clock.at(20_000);
    export.statusDone("sha256:1234abcd");
    export.completed();

    clock.at(20_100);
    test.started();
    clock.at(20_200);
    test.log(LogEvent.STDOUT, "test 1 ok\ntest 2 FAILED\n");
    clock.at(20_300);
    test.log(LogEvent.STDERR, "make: *** [test] Error 1");
    clock.at(20_400);
    test.failed("process \"/bin/sh -c make test\" did not complete successfully: exit code: 2");

    clock.at(20_500);
    amd.canceled();
  }
}
