package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.AddInstruction;
import io.multiarchbuild.engine.dockerfile.ArgDeclaration;
import io.multiarchbuild.engine.dockerfile.ArgInstruction;
import io.multiarchbuild.engine.dockerfile.CmdInstruction;
import io.multiarchbuild.engine.dockerfile.CommandLine;
import io.multiarchbuild.engine.dockerfile.CopyInstruction;
import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.dockerfile.EntrypointInstruction;
import io.multiarchbuild.engine.dockerfile.EnvInstruction;
import io.multiarchbuild.engine.dockerfile.ExposeInstruction;
import io.multiarchbuild.engine.dockerfile.HealthcheckInstruction;
import io.multiarchbuild.engine.dockerfile.Instruction;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.dockerfile.KeyValue;
import io.multiarchbuild.engine.dockerfile.LabelInstruction;
import io.multiarchbuild.engine.dockerfile.MaintainerInstruction;
import io.multiarchbuild.engine.dockerfile.OnbuildInstruction;
import io.multiarchbuild.engine.dockerfile.RunInstruction;
import io.multiarchbuild.engine.dockerfile.ShellInstruction;
import io.multiarchbuild.engine.dockerfile.Stage;
import io.multiarchbuild.engine.dockerfile.StopSignalInstruction;
import io.multiarchbuild.engine.dockerfile.UserInstruction;
import io.multiarchbuild.engine.dockerfile.VolumeInstruction;
import io.multiarchbuild.engine.dockerfile.WorkdirInstruction;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the stages the target needs for one target platform: expands words with the variables
 * in scope at each instruction, and turns instructions into ops. Stages are evaluated on demand,
 * depth first, so stages the target does not reach are never evaluated (that is the pruning).
 */
final class PlatformEvaluator {

  static final List<String> PROXY_ARGS =
      List.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy",
          "ALL_PROXY", "all_proxy");

  static final List<String> AUTOMATIC_ARGS =
      List.of("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
          "TARGETSTAGE");

  final DockerfileModel model;
  final PlanRequest request;
  final StageGraph graph;
  final Platform targetPlatform;
  final String file;
  final Expander expander;
  final Set<String> usedArgs;
  /** Lint findings, shared by all platforms so each is reported once. */
  private final Set<String> warnings;
  private final boolean showPlatform;
  /** Automatic platform args, after build-arg overrides. */
  final Map<String, String> automatic = new LinkedHashMap<>();
  /** Automatic args plus the evaluated global ARGs: what FROM lines see. */
  final Map<String, String> globalScope = new LinkedHashMap<>();
  private final Set<String> declaredGlobals = new HashSet<>();
  final LinkedHashMap<Digest, Step> steps = new LinkedHashMap<>();
  private final Map<Integer, StageState> done = new HashMap<>();
  private final Set<Integer> inProgress = new HashSet<>();
  private final CommandOps commandOps;

  PlatformEvaluator(PlanRequest request, StageGraph graph, Platform targetPlatform, Set<String> usedArgs, Set<String> warnings) {
    this.warnings = warnings;
    this.model = request.model();
    this.request = request;
    this.graph = graph;
    this.targetPlatform = targetPlatform;
    this.file = model.fileName();
    this.expander = new Expander(model.escape(), file);
    this.usedArgs = usedArgs;
    this.showPlatform = request.platforms().size() > 1;
    this.commandOps = new CommandOps(this);
    Platform build = request.buildPlatform();
    String targetName = request.target() == null || request.target().isEmpty() ? "default" : graph.stages().get(graph.target).displayName();
    putAutomatic("TARGETPLATFORM", targetPlatform.toString());
    putAutomatic("TARGETOS", targetPlatform.os());
    putAutomatic("TARGETARCH", targetPlatform.architecture());
    putAutomatic("TARGETVARIANT", targetPlatform.variant());
    putAutomatic("BUILDPLATFORM", build.toString());
    putAutomatic("BUILDOS", build.os());
    putAutomatic("BUILDARCH", build.architecture());
    putAutomatic("BUILDVARIANT", build.variant());
    putAutomatic("TARGETSTAGE", targetName);
    globalScope.putAll(automatic);
    for (ArgInstruction a : model.globalArgs()) {
      for (ArgDeclaration d : a.declarations()) {
        String value;
        if (request.buildArgs().containsKey(d.name())) {
          value = request.buildArgs().get(d.name());
        } else if (d.defaultValue() != null) {
          value = expander.word(d.defaultValue(), globalScope::get, a.line());
        } else {
          value = automatic.get(d.name());
        }
        usedArgs.add(d.name());
        declaredGlobals.add(d.name());
        globalScope.put(d.name(), value);
      }
    }
  }

  private void putAutomatic(String name, String value) {
    automatic.put(name, request.buildArgs().getOrDefault(name, value));
  }

  PlatformPlan run() {
    stage(graph.target, graph.stages().get(graph.target).from().line());
    List<PlannedStage> stages = new ArrayList<>();
    for (Stage s : graph.stages()) {
      StageState st = done.get(s.index());
      if (st != null) {
        stages.add(new PlannedStage(s.index(), s.displayName(), st.platform, st.base, new ArrayList<>(st.dependsOn), st.steps, st.rootfs, st.last, st.config()));
      }
    }
    return new PlatformPlan(targetPlatform, stages, new ArrayList<>(steps.values()), graph.target);
  }

  /** The evaluated stage, evaluating it first if needed; {@code line} is the reference, for errors. */
  StageState stage(int index, int line) {
    StageState st = done.get(index);
    if (st != null) {
      return st;
    }
    Stage s = graph.stages().get(index);
    if (!inProgress.add(index)) {
      throw new DockerfileError(file, line, "circular dependency detected on stage: " + s.displayName());
    }
    st = evaluate(s);
    inProgress.remove(index);
    done.put(index, st);
    return st;
  }

  private StageState evaluate(Stage s) {
    // Stages this one copies or mounts from come first, so the graph reads stage by stage.
    new java.util.TreeMap<>(graph.fromDeps(s.index())).forEach(this::stage);
    int line = s.from().line();
    Set<String> unset = new java.util.LinkedHashSet<>();
    String image = expander.word(s.from().image(), globalScope::get, line, unset);
    Platform platform = null;
    if (s.from().platform() != null) {
      String p = expander.word(s.from().platform(), globalScope::get, line, unset);
      try {
        platform = p.isEmpty() ? null : Platform.parse(p);
      } catch (InvalidPlatformException e) {
        throw new DockerfileError(file, line, "invalid platform \"" + p + "\" in FROM --platform: use os/arch[/variant], e.g. linux/arm64");
      }
    }
    for (String name : unset) {
      if (!declaredGlobals.contains(name)) {
        warnings.add(file + ":" + line + ": UndefinedArgInFrom: FROM argument '" + name + "' is not declared (declare it with ARG before the first FROM)");
      }
    }
    if (image.isEmpty()) {
      throw new DockerfileError(file, line, "FROM " + s.from().image() + " expands to an empty image name; set the ARG it uses before the first FROM");
    }
    StageGraph.Source base = graph.resolveBase(image, s.index(), line);
    NamedContext localBase = null;
    if (base.context() != null && base.context().kind() == NamedContext.Kind.LOCAL) {
      localBase = base.context();
    } else if (base.context() != null) {
      image = namedImage(base.context(), "FROM " + image, line);
    }
    StageState st;
    // BuildKit's "[stage i/n]": n counts the FROM of an image (not scratch, not another stage) and each
    // RUN, COPY, ADD and WORKDIR of the stage itself; ONBUILD triggers take numbers but are not in n.
    boolean fromImage = !base.isStage() && !image.equalsIgnoreCase("scratch");
    int total = fromImage ? 1 : 0;
    for (Instruction ins : s.commands()) {
      total += makesVertex(ins) ? 1 : 0;
    }
    List<Instruction> triggers = List.of();
    if (base.isStage()) {
      StageState parent = stage(base.stage(), line);
      st = parent.child();
      st.dependsOn.add(base.stage());
      st.base = "stage:" + graph.stages().get(base.stage()).displayName();
      if (platform != null) {
        st.platform = platform;
      }
      triggers = List.copyOf(st.onBuildTriggers);
      st.onBuild.clear();
      st.onBuildTriggers.clear();
    } else {
      st = new StageState();
      st.platform = platform != null ? platform : targetPlatform;
      Op op;
      String shown;
      if (localBase != null) {
        // As BuildKit: a local directory as FROM is a file system of its files with an empty config.
        String name = localBase.name();
        Digest scratch = add(new ScratchSource(), "scratch", s.index(), line);
        Digest files = add(new ContextSource(name, List.of(), List.of()), "[context " + name + "] load from client", s.index(), line);
        op = new FileCopy(false, scratch, files, name, List.of("."), List.of(), "/", null, null, false, false, List.of(), null, false, null);
        st.base = "context:" + name;
        shown = name;
      } else if (image.equalsIgnoreCase("scratch")) {
        op = new ScratchSource();
        st.base = "scratch";
        shown = "scratch";
      } else {
        String ref = normalize(image, line);
        op = new ImageSource(ref, st.platform);
        st.base = ref;
        shown = ref;
        BaseConfig config = request.baseConfigs().config(ref, st.platform);
        if (config != null) {
          st.startFrom(config);
          triggers = imageTriggers(ref, config.onBuild(), line);
        }
      }
      // BuildKit has no vertex for scratch, so it takes no number.
      Digest key = add(op, fromImage ? vertex(s, 1, total, "FROM " + shown) : "FROM " + shown, s.index(), line);
      st.steps.add(key);
      st.rootfs = key;
      st.last = key;
    }
    int step = fromImage ? 1 : 0;
    for (Instruction ins : triggers) {
      String text = shown(ins).replaceFirst("(?i)^ONBUILD\\s+", "");
      apply(s, st, ins, numbered(s, st, ins) ? vertex(s, ++step, total, text) : text);
    }
    for (Instruction ins : s.commands()) {
      apply(s, st, ins, numbered(s, st, ins) ? vertex(s, ++step, total, shown(ins)) : shown(ins));
    }
    return st;
  }

  /** Instructions BuildKit counts in a stage's step total. */
  private static boolean makesVertex(Instruction ins) {
    return ins instanceof RunInstruction || ins instanceof CopyInstruction || ins instanceof AddInstruction
        || ins instanceof WorkdirInstruction;
  }

  /** Whether the instruction takes the next step number: a counted one that makes a vertex (WORKDIR / makes none). */
  private boolean numbered(Stage s, StageState st, Instruction ins) {
    if (ins instanceof WorkdirInstruction w) {
      return !Paths.join(st.cwd(), expand(w.path(), st, ins.line()), false).equals("/");
    }
    return makesVertex(ins);
  }


  /**
   * The ONBUILD triggers of a FROM image's config as instructions (BuildKit runs them right after the
   * FROM, like those of a stage). Each is read as it would be from a Dockerfile; errors name the FROM line.
   */
  private List<Instruction> imageTriggers(String ref, List<String> expressions, int line) {
    List<Instruction> out = new ArrayList<>();
    for (String expr : expressions) {
      // the trigger is placed at the FROM's line (or just after it on line 1), which errors inside it then name
      String text = "FROM scratch\n" + "\n".repeat(Math.max(0, line - 2)) + "ONBUILD " + expr + "\n";
      try {
        DockerfileModel parsed = Instructions.parse(io.multiarchbuild.engine.dockerfile.DockerfileParser.parse(file, text));
        out.add(((OnbuildInstruction) parsed.stages().get(0).commands().get(0)).trigger());
      } catch (DockerfileError | IndexOutOfBoundsException | ClassCastException e) {
        throw new DockerfileError(file, line, "FROM " + ref + ": the image's ONBUILD trigger \"" + expr + "\" is not a valid instruction: "
            + e.getMessage());
      }
    }
    return out;
  }

  /** The image a named build context stands for (a local directory as FROM is handled by the caller). */
  String namedImage(NamedContext ctx, String what, int line) {
    return switch (ctx.kind()) {
      case IMAGE -> ctx.value();
      case LOCAL -> throw new IllegalStateException(what + ": a local build context is not an image: " + ctx.name());
      case OCI_LAYOUT -> ImageSource.LAYOUT_PREFIX + ctx.value();
    };
  }

  String normalize(String image, int line) {
    if (image.startsWith(ImageSource.LAYOUT_PREFIX)) {
      return image; // a pinned OCI layout image, not a registry reference
    }
    String ref = ImageRefs.normalize(image);
    if (ref == null) {
      throw new DockerfileError(file, line, "invalid image reference \"" + image + "\": expected [registry/]name[:tag][@digest] in lower case");
    }
    return ref;
  }

  /** Adds an op once; returns its key. The first name given to a key is kept. */
  Digest add(Op op, String name, int stageIndex, int line) {
    Digest key = CacheKeys.key(op);
    steps.putIfAbsent(key, new Step(key, op, name, stageIndex, line));
    return key;
  }

  String vertex(Stage s, int step, int total, String text) {
    if (total == 0) {
      return text; // as BuildKit: a stage with nothing counted (only ONBUILD triggers) has no prefix
    }
    StringBuilder b = new StringBuilder("[");
    if (showPlatform) {
      b.append(targetPlatform).append(' ');
    }
    if (graph.stages().size() > 1) {
      b.append(s.displayName()).append(' ');
    }
    // The index is padded to the width of the total, as BuildKit does: "[ 2/11]".
    int width = String.valueOf(total).length();
    return b.append(String.format("%" + width + "d", step)).append('/').append(total).append("] ").append(text).toString();
  }

  static String shown(Instruction ins) {
    String text = ins.source().original().strip();
    int nl = text.indexOf('\n');
    if (nl >= 0 && ins.source().original().contains("<<")) {
      text = text.substring(0, nl); // heredoc bodies are not part of the name
    }
    text = text.replaceAll("\\\\\\s*\\n", " ").replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? ins.keyword() : text;
  }

  String expand(String raw, StageState st, int line) {
    return expander.word(raw, st::lookup, line);
  }

  private void apply(Stage s, StageState st, Instruction ins, String name) {
    int line = ins.line();
    if (ins instanceof ArgInstruction a) {
      declareArgs(st, a);
    } else if (ins instanceof EnvInstruction e) {
      List<String> values = new ArrayList<>();
      Map<String, String> updates = new LinkedHashMap<>();
      for (KeyValue kv : e.pairs()) {
        // Every reference in one ENV sees the values from before it.
        String k = expand(kv.key(), st, line);
        String v = expand(kv.value(), st, line);
        updates.put(k, v);
        values.add(k + "=" + v);
      }
      st.env.putAll(updates);
      meta(s, st, "env", values, name, line);
    } else if (ins instanceof LabelInstruction l) {
      List<String> values = new ArrayList<>();
      for (KeyValue kv : l.pairs()) {
        String k = expand(kv.key(), st, line);
        String v = expand(kv.value(), st, line);
        st.labels.put(k, v);
        values.add(k + "=" + v);
      }
      meta(s, st, "label", values, name, line);
    } else if (ins instanceof UserInstruction u) {
      st.user = expand(u.user(), st, line);
      meta(s, st, "user", List.of(st.user), name, line);
    } else if (ins instanceof WorkdirInstruction w) {
      st.workdir = Paths.join(st.cwd(), expand(w.path(), st, line), false);
      if (!st.workdir.equals("/")) {
        Digest key = add(new MakeDir(st.rootfs, st.workdir, st.user == null ? "" : st.user), name, s.index(), line);
        st.steps.add(key);
        st.rootfs = key;
        st.last = key;
      } else {
        // "/" always exists, so as in BuildKit there is no layer, only the config change (which must
        // still override a WorkingDir inherited from the base image).
        meta(s, st, "workdir", List.of("/"), name, line);
      }
    } else if (ins instanceof CmdInstruction c) {
      st.cmd = argv(c.command(), st);
      st.cmdSet = true;
      meta(s, st, "cmd", st.cmd, name, line);
    } else if (ins instanceof EntrypointInstruction e) {
      st.entrypoint = argv(e.command(), st);
      if (!st.cmdSet) {
        st.cmd = null; // an ENTRYPOINT drops a CMD inherited from the base, as docker does
      }
      meta(s, st, "entrypoint", st.entrypoint, name, line);
    } else if (ins instanceof ShellInstruction sh) {
      st.shell = sh.shell();
      meta(s, st, "shell", st.shell, name, line);
    } else if (ins instanceof ExposeInstruction ex) {
      List<String> ports = new ArrayList<>();
      for (String p : ex.ports()) {
        for (String word : expander.words(p, st::lookup, line)) {
          ports.addAll(Instructions.exposedPorts(word, file, line));
        }
      }
      st.exposed.addAll(ports);
      meta(s, st, "expose", ports, name, line);
    } else if (ins instanceof VolumeInstruction v) {
      List<String> paths = new ArrayList<>();
      for (String p : v.paths()) {
        String e = expand(p, st, line);
        if (e.isBlank()) {
          throw new DockerfileError(file, line, "VOLUME specified can not be an empty string");
        }
        paths.add(e);
      }
      st.volumes.addAll(paths);
      meta(s, st, "volume", paths, name, line);
    } else if (ins instanceof StopSignalInstruction sig) {
      st.stopSignal = expand(sig.signal(), st, line);
      if (!st.stopSignal.matches("(SIG)?[A-Z][A-Z0-9+-]*|\\d+")) {
        throw new DockerfileError(file, line, "invalid STOPSIGNAL \"" + st.stopSignal + "\": use a signal name (SIGTERM) or number (15)");
      }
      meta(s, st, "stopsignal", List.of(st.stopSignal), name, line);
    } else if (ins instanceof HealthcheckInstruction h) {
      st.healthcheck = healthcheck(h);
      meta(s, st, "healthcheck", st.healthcheck.describe(), name, line);
    } else if (ins instanceof OnbuildInstruction o) {
      st.onBuild.add(o.expression());
      st.onBuildTriggers.add(o.trigger());
      meta(s, st, "onbuild", List.of(o.expression()), name, line);
    } else if (ins instanceof MaintainerInstruction m) {
      st.author = m.maintainer();
      meta(s, st, "author", List.of(m.maintainer()), name, line);
    } else {
      commandOps.apply(s, st, ins, name);
    }
  }

  private void declareArgs(StageState st, ArgInstruction a) {
    for (ArgDeclaration d : a.declarations()) {
      String value;
      if (request.buildArgs().containsKey(d.name())) {
        value = request.buildArgs().get(d.name());
      } else if (d.defaultValue() != null) {
        value = expand(d.defaultValue(), st, a.line());
      } else if (declaredGlobals.contains(d.name())) {
        value = globalScope.get(d.name()); // ARG NAME inside a stage inherits the global value
      } else {
        value = automatic.get(d.name());
      }
      usedArgs.add(d.name());
      st.args.put(d.name(), value);
    }
  }

  private void meta(Stage s, StageState st, String field, List<String> values, String name, int line) {
    Digest key = add(new Metadata(st.last, field, values == null ? List.of() : values), name, s.index(), line);
    st.steps.add(key);
    st.last = key;
  }

  static List<String> argv(CommandLine c, StageState st) {
    if (!c.shellForm()) {
      return c.args();
    }
    List<String> out = new ArrayList<>(st.shellOrDefault());
    out.add(String.join(" ", c.args()));
    return out;
  }

  private static Healthcheck healthcheck(HealthcheckInstruction h) {
    if (h.none()) {
      return new Healthcheck(List.of("NONE"), null, null, null, null, null);
    }
    List<String> test = new ArrayList<>();
    if (h.test().shellForm()) {
      test.add("CMD-SHELL");
      test.add(String.join(" ", h.test().args()));
    } else {
      test.add("CMD");
      test.addAll(h.test().args());
    }
    return new Healthcheck(test, nanos(h.interval()), nanos(h.timeout()), nanos(h.startPeriod()), nanos(h.startInterval()), h.retries());
  }

  private static Long nanos(Duration d) {
    return d == null ? null : d.toNanos();
  }
}
