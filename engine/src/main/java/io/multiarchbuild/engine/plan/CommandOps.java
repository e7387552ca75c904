package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.AddInstruction;
import io.multiarchbuild.engine.dockerfile.CopyInstruction;
import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.Heredoc;
import io.multiarchbuild.engine.dockerfile.Instruction;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.dockerfile.RunInstruction;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.dockerfile.Stage;
import io.multiarchbuild.engine.oci.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** RUN, COPY and ADD: the instructions that change files, turned into Exec and FileCopy ops. */
final class CommandOps {
  private final PlatformEvaluator ev;

  CommandOps(PlatformEvaluator ev) {
    this.ev = ev;
  }

  void apply(Stage s, StageState st, Instruction ins, String name) {
    if (ins instanceof RunInstruction r) {
      run(s, st, r, name);
    } else if (ins instanceof CopyInstruction c) {
      copy(s, st, c, name);
    } else if (ins instanceof AddInstruction a) {
      add(s, st, a, name);
    } else {
      throw new IllegalStateException("not a file-changing instruction: " + ins.keyword());
    }
  }

  private void run(Stage s, StageState st, RunInstruction r, String name) {
    int line = r.line();
    Map<String, String> env = new LinkedHashMap<>();
    // Declared build args reach the command as variables (and so the key); ENV of the same name wins.
    st.args.forEach((k, v) -> {
      if (v != null) {
        env.put(k, v);
      }
    });
    env.putAll(st.env);
    Map<String, String> proxy = new LinkedHashMap<>();
    for (String p : PlatformEvaluator.PROXY_ARGS) {
      if (ev.request.buildArgs().containsKey(p) && !st.args.containsKey(p)) {
        proxy.put(p, ev.request.buildArgs().get(p));
        ev.usedArgs.add(p);
      }
    }
    List<ExecMount> mounts = new ArrayList<>();
    int sshCount = 0;
    for (String raw : r.mounts()) {
      RunMount m = RunMount.parse(raw, v -> ev.expand(v, st, line), ev.file, line);
      String target = m.target();
      if (m.type() == RunMount.MountType.SSH && target == null) {
        target = "/run/buildkit/ssh_agent." + sshCount;
      }
      if (m.type() == RunMount.MountType.SSH) {
        sshCount++;
      }
      if (target != null) {
        target = Paths.join(st.cwd(), target, false);
        if (target.equals("/") && m.type() != RunMount.MountType.SECRET) {
          throw new DockerfileError(ev.file, line, "--mount target \"" + m.target() + "\" resolves to /; mount somewhere below the root");
        }
      }
      String id = m.id();
      if (m.type() == RunMount.MountType.CACHE && m.target() != null && m.target().equals(id)) {
        id = target; // the default cache id is the (resolved) target
      }
      RunMount resolved =
          new RunMount(m.type(), target, m.source(), m.from(), m.readOnly(), id, m.sharing(), m.mode(), m.uid(), m.gid(), m.required(),
              m.sizeBytes(), m.env());
      Digest input = null;
      String inputName = null;
      if (m.from() != null) {
        Source src = source(s, st, m.from(), m.source() == null ? List.of() : List.of(m.source()), line);
        input = src.key();
        inputName = src.name();
      } else if (m.type() == RunMount.MountType.BIND) {
        input = ev.add(new ContextSource("context", m.source() == null ? List.of() : List.of(m.source()), ev.request.contextExcludes()),
            "[internal] load build context", s.index(), line);
        inputName = "context";
      }
      mounts.add(new ExecMount(resolved, input, inputName));
    }
    List<String> args = PlatformEvaluator.argv(r.command(), st);
    List<Heredoc> files = List.of();
    if (!r.heredocs().isEmpty() && r.command().shellForm()) {
      // As BuildKit: a RUN that is just one heredoc runs its body (a #! script from an executable
      // file under /dev/pipes/); otherwise the heredocs are put back into the text for the shell.
      String text = String.join(" ", r.command().args()).strip();
      Heredoc first = r.heredocs().get(0);
      if (HEREDOC_ONLY.matcher(text).matches()) {
        if (first.content().startsWith("#!")) {
          files = List.of(first);
          text = "/dev/pipes/" + first.name();
        } else {
          text = first.content();
        }
        name = name + " (" + summary(first.content()) + ")";
      } else {
        StringBuilder full = new StringBuilder(String.join(" ", r.command().args()));
        for (Heredoc h : r.heredocs()) {
          full.append('\n').append(h.content()).append(h.name());
        }
        text = full.toString();
      }
      args = new ArrayList<>(st.shellOrDefault());
      args.add(text);
    }
    Exec exec =
        new Exec(st.rootfs, args, files, env, proxy, st.workdir == null ? "" : st.workdir, st.user == null ? "" : st.user, mounts,
            r.network() == null ? "default" : r.network(), r.security() == null ? "sandbox" : r.security(), r.devices(), st.platform);
    fileOp(s, st, exec, name, line);
  }

  private void copy(Stage s, StageState st, CopyInstruction c, String name) {
    int line = c.line();
    List<String> sources = expandAll(c.sources(), st, line);
    Source src;
    if (c.from() != null) {
      src = source(s, st, c.from(), sources, line);
    } else if (!sources.isEmpty()) {
      src = new Source(ev.add(new ContextSource("context", sources, ev.request.contextExcludes()), "[internal] load build context", s.index(), line), "context");
    } else {
      src = new Source(null, null);
    }
    String chmod = chmod(c.chmod(), st, line);
    String chown = expandOrNull(c.chown(), st, line);
    checkLinkedChown("COPY", c.link(), chown, chmod, line);
    FileCopy op =
        new FileCopy(false, st.rootfs, src.key(), src.name(), sources, inline(c.heredocSources(), st, line), dest(c.dest(), st, line),
            chown, chmod, c.link(), c.parents(), expandAll(c.excludes(), st, line), null, false, null);
    fileOp(s, st, op, name, line);
  }

  private void add(Stage s, StageState st, AddInstruction a, String name) {
    int line = a.line();
    List<String> sources = expandAll(a.sources(), st, line);
    List<String> local = sources.stream().filter(p -> !Instructions.isRemote(p)).toList();
    List<String> remote = sources.stream().filter(Instructions::isRemote).toList();
    String checksum = expandOrNull(a.checksum(), st, line);
    if (checksum != null) {
      if (!local.isEmpty()) {
        throw new DockerfileError(ev.file, line, "ADD --checksum can only be used with HTTP(S) or Git sources, not the local path " + local.get(0));
      }
      for (String url : remote) {
        boolean git = Instructions.isGit(url);
        if (!git && !checksum.matches("sha256:[0-9a-f]{64}")) {
          throw new DockerfileError(ev.file, line, "invalid ADD --checksum \"" + checksum + "\" for " + url + ": expected sha256:<64 hex digits>");
        }
        if (git && !checksum.matches("[0-9a-f]{7,64}")) {
          throw new DockerfileError(ev.file, line, "invalid ADD --checksum \"" + checksum + "\" for Git source " + url + ": expected a commit id (hex)");
        }
      }
    }
    String dest = dest(a.dest(), st, line);
    String chown = expandOrNull(a.chown(), st, line);
    String chmod = chmod(a.chmod(), st, line);
    checkLinkedChown("ADD", a.link(), chown, chmod, line);
    List<String> excludes = expandAll(a.excludes(), st, line);
    if (!local.isEmpty() || !a.heredocSources().isEmpty()) {
      Digest ctx = local.isEmpty() ? null
          : ev.add(new ContextSource("context", local, ev.request.contextExcludes()), "[internal] load build context", s.index(), line);
      fileOp(s, st, new FileCopy(true, st.rootfs, ctx, ctx == null ? null : "context", local, inline(a.heredocSources(), st, line), dest, chown, chmod,
          a.link(), false, excludes, null, a.keepGitDir(), a.unpack()), name, line);
    }
    for (String url : remote) {
      // Each remote source is its own source op, as BuildKit fetches it separately.
      RemoteSource rs = new RemoteSource(url, Instructions.isGit(url), checksum, a.keepGitDir());
      Digest key = ev.add(rs, url, s.index(), line);
      fileOp(s, st, new FileCopy(true, st.rootfs, key, url, List.of(url), List.of(), dest, chown, chmod, a.link(), false, excludes, checksum,
          a.keepGitDir(), a.unpack()), name, line);
    }
  }

  private static final Pattern HEREDOC_ONLY = Pattern.compile("[0-9]*<<-?\\s*[\"']?[^\\s\"']+[\"']?");

  /** BuildKit's vertex-name summary of a heredoc: its first line, with "..." when there are more. */
  private static String summary(String body) {
    String[] lines = body.strip().replace("\r\n", "\n").split("\n", -1);
    return lines.length > 1 ? lines[0] + "..." : lines[0];
  }

  private record Source(Digest key, String name) {}

  /**
   * A {@code --from} value: a stage's final file system, an image for the stage's platform, or a named
   * build context (a local one is read like the main context: {@code includes} are the paths read).
   */
  private Source source(Stage s, StageState st, String from, List<String> includes, int line) {
    StageGraph.Source ref = ev.graph.resolveFrom(from, line);
    if (ref.context() != null && ref.context().kind() == NamedContext.Kind.LOCAL) {
      String name = ref.context().name();
      return new Source(ev.add(new ContextSource(name, includes, List.of()), "[context " + name + "] load from client", s.index(), line), name);
    }
    if (ref.context() != null) {
      ref = new StageGraph.Source(-1, ev.namedImage(ref.context(), "--from=" + from, line));
    }
    if (ref.isStage()) {
      StageState other = ev.stage(ref.stage(), line);
      st.dependsOn.add(ref.stage());
      return new Source(other.rootfs, ev.graph.stages().get(ref.stage()).displayName());
    }
    String image = ev.normalize(ref.image(), line);
    return new Source(ev.add(new ImageSource(image, st.platform), "[internal] load image " + image, s.index(), line), image);
  }

  private void fileOp(Stage s, StageState st, Op op, String name, int line) {
    Digest key = ev.add(op, name, s.index(), line);
    st.steps.add(key);
    st.rootfs = key;
    st.last = key;
  }

  private String dest(String raw, StageState st, int line) {
    String d = ev.expand(raw, st, line);
    if (d.isEmpty()) {
      throw new DockerfileError(ev.file, line, "the destination of COPY/ADD expands to an empty path");
    }
    return Paths.join(st.cwd(), d, true);
  }

  /**
   * A linked copy is made on an empty file system, where no /etc/passwd or /etc/group can say what a
   * user or group name means; BuildKit rejects {@code --link --chown=NAME} (its solver fails with
   * "invalid user index: -1", newer frontends at parse time), except for {@code root}, which needs
   * no lookup. With {@code --chmod} BuildKit does not link the copy, so names resolve as usual.
   */
  private void checkLinkedChown(String keyword, boolean link, String chown, String chmod, int line) {
    if (!link || chown == null || chown.isEmpty() || chmod != null) {
      return;
    }
    for (String part : chown.split(":", -1)) {
      if (!part.isEmpty() && !part.matches("\\d+") && !part.equals("root")) {
        throw new DockerfileError(ev.file, line, keyword + " --link --chown=" + chown + ": a linked copy can't look up the name \""
            + part + "\" (it is made without the stage's /etc/passwd and /etc/group); use numeric ids such as --chown=1000:1000, or drop --link");
      }
    }
  }

  private String chmod(String raw, StageState st, int line) {
    String v = expandOrNull(raw, st, line);
    if (v != null) {
      Instructions.checkChmod(v, ev.file, line);
    }
    return v;
  }

  private List<FileCopy.InlineFile> inline(List<Heredoc> docs, StageState st, int line) {
    List<FileCopy.InlineFile> out = new ArrayList<>();
    for (Heredoc h : docs) {
      out.add(new FileCopy.InlineFile(h.name(), h.expand() ? ev.expander.heredoc(h.content(), st::lookup, line) : h.content()));
    }
    return out;
  }

  private List<String> expandAll(List<String> raw, StageState st, int line) {
    List<String> out = new ArrayList<>();
    for (String r : raw) {
      out.add(ev.expand(r, st, line));
    }
    return out;
  }

  private String expandOrNull(String raw, StageState st, int line) {
    return raw == null ? null : ev.expand(raw, st, line);
  }
}
