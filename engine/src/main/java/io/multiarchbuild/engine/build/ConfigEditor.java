package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.oci.ImageConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies the plan's metadata ops (ENV, LABEL, USER, CMD, ...) to an image's runtime config, in step order. */
final class ConfigEditor {

  String user;
  Set<String> exposed;
  Map<String, String> env = new LinkedHashMap<>();
  List<String> entrypoint;
  List<String> cmd;
  Set<String> volumes;
  String workingDir;
  Map<String, String> labels;
  String stopSignal;
  ImageConfig.Healthcheck healthcheck;
  List<String> onBuild;
  List<String> shell;
  String author;
  private final ImageConfig.Config original;
  private boolean cmdSetHere;

  ConfigEditor(ImageConfig.Config c, String author) {
    this.original = c;
    this.author = author;
    user = c.user();
    exposed = new LinkedHashSet<>(c.exposedPorts());
    for (String e : c.env()) {
      int eq = e.indexOf('=');
      env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
    }
    entrypoint = c.entrypoint();
    cmd = c.cmd();
    volumes = new LinkedHashSet<>(c.volumes());
    workingDir = c.workingDir();
    labels = new LinkedHashMap<>(c.labels());
    stopSignal = c.stopSignal();
    healthcheck = c.healthcheck();
    onBuild = null; // ONBUILD triggers of the base ran in the FROM of this stage; they are not inherited
    shell = c.shell();
  }

  void apply(String field, List<String> values) {
    switch (field) {
      case "env" -> values.forEach(v -> env.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1)));
      case "label" -> values.forEach(v -> labels.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1)));
      case "user" -> user = values.get(0);
      case "cmd" -> {
        cmd = List.copyOf(values);
        cmdSetHere = true;
      }
      case "entrypoint" -> {
        entrypoint = List.copyOf(values);
        if (!cmdSetHere) {
          cmd = null; // as docker: a new ENTRYPOINT drops the CMD inherited from the base
        }
      }
      case "shell" -> shell = List.copyOf(values);
      case "expose" -> exposed.addAll(values.stream().map(p -> p.contains("/") ? p : p + "/tcp").toList());
      case "volume" -> volumes.addAll(values);
      case "stopsignal" -> stopSignal = values.get(0);
      case "healthcheck" -> healthcheck = healthcheck(values);
      case "onbuild" -> {
        onBuild = onBuild == null ? new ArrayList<>() : new ArrayList<>(onBuild);
        onBuild.addAll(values);
      }
      case "author" -> author = values.get(0);
      case "workdir" -> workingDir = values.get(0);
      default -> throw new IllegalStateException("unknown metadata field from the planner: " + field);
    }
  }

  private static ImageConfig.Healthcheck healthcheck(List<String> values) {
    List<String> test = new ArrayList<>();
    Duration interval = null;
    Duration timeout = null;
    Duration start = null;
    Duration startInterval = null;
    int retries = 0;
    for (String v : values) {
      if (!test.isEmpty() && !test.get(0).equals("NONE") && v.matches("(interval|timeout|start-period|start-interval|retries)=.*")) {
        String val = v.substring(v.indexOf('=') + 1);
        switch (v.substring(0, v.indexOf('='))) {
          case "interval" -> interval = Duration.parse(val);
          case "timeout" -> timeout = Duration.parse(val);
          case "start-period" -> start = Duration.parse(val);
          case "start-interval" -> startInterval = Duration.parse(val);
          default -> retries = Integer.parseInt(val);
        }
      } else {
        test.add(v);
      }
    }
    return new ImageConfig.Healthcheck(test, interval, timeout, start, startInterval, retries);
  }

  ImageConfig.Config build() {
    List<String> envList = new ArrayList<>();
    env.forEach((k, v) -> envList.add(k + "=" + v));
    return new ImageConfig.Config(user, exposed, envList, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
        original.argsEscaped(), healthcheck, onBuild, shell, original.extra());
  }
}
