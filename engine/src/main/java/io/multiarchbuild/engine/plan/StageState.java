package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.Instruction;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/** The mutable state of one stage while it is evaluated; a stage built FROM another starts from a copy. */
final class StageState {
  Platform platform;
  Digest rootfs;
  Digest last;
  /** ENV, in definition order (a redefinition keeps the original position, as the image config does). */
  final LinkedHashMap<String, String> env = new LinkedHashMap<>();
  /** Declared ARGs; a null value means declared without a value. */
  final LinkedHashMap<String, String> args = new LinkedHashMap<>();
  String workdir;
  String user;
  List<String> shell;
  List<String> cmd;
  boolean cmdSet;
  List<String> entrypoint;
  final TreeMap<String, String> labels = new TreeMap<>();
  final TreeSet<String> exposed = new TreeSet<>();
  final TreeSet<String> volumes = new TreeSet<>();
  Healthcheck healthcheck;
  String stopSignal;
  final List<String> onBuild = new ArrayList<>();
  final List<Instruction> onBuildTriggers = new ArrayList<>();
  String author;

  // Not inherited:
  final List<Digest> steps = new ArrayList<>();
  final TreeSet<Integer> dependsOn = new TreeSet<>();
  String base;

  /** A fresh state for a stage whose base is this stage: config, env and args carry over. */
  StageState child() {
    StageState c = new StageState();
    c.platform = platform;
    c.rootfs = rootfs;
    c.last = last;
    c.env.putAll(env);
    c.args.putAll(args);
    c.workdir = workdir;
    c.user = user;
    c.shell = shell;
    c.cmd = cmd;
    c.entrypoint = entrypoint;
    c.labels.putAll(labels);
    c.exposed.addAll(exposed);
    c.volumes.addAll(volumes);
    c.healthcheck = healthcheck;
    c.stopSignal = stopSignal;
    c.onBuild.addAll(onBuild);
    c.onBuildTriggers.addAll(onBuildTriggers);
    c.author = author;
    return c;
  }

  /**
   * Starts a stage on an image from what its config says (BuildKit reads it the same way): relative
   * paths resolve against its WorkingDir, {@code $VAR} and RUN see its ENV (ENV beats ARG), WORKDIR
   * directories belong to its USER and shell forms use its SHELL. The fields hold the image's values
   * unchanged, so the assembled config is the same as when the Dockerfile does not touch them.
   */
  void startFrom(BaseConfig base) {
    if (!base.workingDir().isEmpty()) {
      workdir = Paths.join("/", base.workingDir(), false);
    }
    for (String e : base.env()) {
      int eq = e.indexOf('=');
      env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
    }
    if (!base.user().isEmpty()) {
      user = base.user();
    }
    if (!base.shell().isEmpty()) {
      shell = base.shell();
    }
  }

  /** Variable lookup inside the stage: ENV wins over ARG; unset names are null. */
  String lookup(String name) {
    if (env.containsKey(name)) {
      return env.get(name);
    }
    return args.get(name);
  }

  String cwd() {
    return workdir == null ? "/" : workdir;
  }

  List<String> shellOrDefault() {
    return shell != null ? shell : List.of("/bin/sh", "-c");
  }

  ImageConfig config() {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    return new ImageConfig(
        envList, labels, user, workdir, cmd, entrypoint, new ArrayList<>(exposed), new ArrayList<>(volumes), healthcheck, shell,
        stopSignal, onBuild, author);
  }
}
