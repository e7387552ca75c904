package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.dockerfile.CopyInstruction;
import io.multiarchbuild.engine.dockerfile.DockerfileError;
import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.dockerfile.Instruction;
import io.multiarchbuild.engine.dockerfile.RunInstruction;
import io.multiarchbuild.engine.dockerfile.RunMount;
import io.multiarchbuild.engine.dockerfile.Stage;
import io.multiarchbuild.engine.dockerfile.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Platform-independent facts about the stages: names, the target, which stage a literal {@code
 * --from} names, and that {@code --from} references form no cycle. ({@code FROM} can only name an
 * earlier stage, so it can't close a cycle; its image may contain global ARGs, so it is resolved per
 * platform by the evaluator.)
 */
final class StageGraph {

  /** What a {@code --from} or FROM names: a stage (index ≥ 0), an external image, or a named build context. */
  record Source(int stage, String image, NamedContext context) {
    Source(int stage, String image) {
      this(stage, image, null);
    }

    boolean isStage() {
      return stage >= 0;
    }
  }

  private final DockerfileModel model;
  private final Map<String, Integer> byName = new HashMap<>();
  private final List<Map<Integer, Integer>> deps = new ArrayList<>();
  private final Map<String, NamedContext> contexts;
  final int target;

  StageGraph(DockerfileModel model, String target) {
    this(model, target, Map.of());
  }

  StageGraph(DockerfileModel model, String target, Map<String, NamedContext> contexts) {
    this.model = model;
    this.contexts = contexts;
    for (Stage s : model.stages()) {
      if (s.name() != null) {
        byName.put(s.name(), s.index());
      }
    }
    this.target = findTarget(target);
    checkCycles();
  }

  List<Stage> stages() {
    return model.stages();
  }

  /** Resolves {@code COPY --from} / {@code --mount from=} (literal). */
  Source resolveFrom(String from, int line) {
    String lower = from.toLowerCase(Locale.ROOT);
    if (contexts.containsKey(lower)) {
      return new Source(-1, null, contexts.get(lower)); // a named context wins over a stage or image of that name
    }
    Integer named = byName.get(lower);
    if (named != null) {
      return new Source(named, null);
    }
    if (from.matches("\\d+")) {
      int index = Integer.parseInt(from);
      if (index >= model.stages().size()) {
        throw new DockerfileError(model.fileName(), line,
            "--from=" + from + " names stage " + index + ", but stages are numbered from 0 and this file has "
                + model.stages().size());
      }
      return new Source(index, null);
    }
    if (ImageRefs.isBareName(from)) {
      String near = Suggestions.closest(lower, byName.keySet());
      if (near != null) {
        throw new DockerfileError(model.fileName(), line,
            "--from=" + from + ": no stage named \"" + from + "\" (did you mean " + near + "?); to copy from an image of that name write " + from + ":latest");
      }
    }
    return new Source(-1, from);
  }

  /** Resolves an expanded FROM image for the stage at {@code index}: only earlier stages count. */
  Source resolveBase(String image, int index, int line) {
    NamedContext ctx = contexts.get(image.toLowerCase(Locale.ROOT));
    if (ctx != null) {
      return new Source(-1, null, ctx);
    }
    Integer named = byName.get(image.toLowerCase(Locale.ROOT));
    if (named != null && named < index) {
      return new Source(named, null);
    }
    if (named != null) {
      throw new DockerfileError(model.fileName(), line,
          "FROM " + image + ": stage \"" + image + "\" is defined at or after this one (line " + model.stages().get(named).from().line()
              + "); a stage can only build on stages above it");
    }
    if (ImageRefs.isBareName(image) && !image.equalsIgnoreCase("scratch")) {
      String near = Suggestions.closest(image.toLowerCase(Locale.ROOT), earlierNames(index));
      if (near != null) {
        throw new DockerfileError(model.fileName(), line,
            "FROM " + image + ": no stage named \"" + image + "\" above this line (did you mean " + near + "?); for an image of that name write " + image + ":latest");
      }
    }
    return new Source(-1, image);
  }

  private Set<String> earlierNames(int index) {
    Set<String> out = new HashSet<>();
    byName.forEach((n, i) -> {
      if (i < index) {
        out.add(n);
      }
    });
    return out;
  }

  private int findTarget(String target) {
    if (target == null || target.isEmpty()) {
      return model.stages().size() - 1;
    }
    Integer t = byName.get(target.toLowerCase(Locale.ROOT));
    if (t == null) {
      List<String> names = model.stages().stream().filter(s -> s.name() != null).map(Stage::name).toList();
      String hint = Suggestions.hint(target, names, "");
      if (hint.isEmpty()) {
        hint = names.isEmpty() ? " (the file has no named stages)" : " (stages: " + String.join(", ", names) + ")";
      }
      throw new DockerfileError(model.fileName(), 0, "target stage \"" + target + "\" could not be found" + hint);
    }
    return t;
  }

  /** The literal stage references of a stage's instructions (and of its ONBUILD-wrapped ones), with their lines. */
  private Map<Integer, Integer> literalDeps(Stage s) {
    Map<Integer, Integer> deps = new LinkedHashMap<>();
    for (Instruction ins : s.commands()) {
      for (String from : fromsOf(ins)) {
        Source src = resolveFrom(from, ins.line());
        if (src.isStage()) {
          deps.putIfAbsent(src.stage(), ins.line());
        }
      }
    }
    return deps;
  }

  List<String> fromsOf(Instruction ins) {
    List<String> out = new ArrayList<>();
    if (ins instanceof CopyInstruction c && c.from() != null) {
      out.add(c.from());
    } else if (ins instanceof RunInstruction r) {
      for (String m : r.mounts()) {
        // Early parse only to find from=; values are re-parsed with expansion later.
        RunMount mount = RunMount.parse(m, v -> v.contains("$") ? null : v, model.fileName(), ins.line());
        if (mount.from() != null) {
          out.add(mount.from());
        }
      }
    }
    // ONBUILD triggers are not followed: they run in the downstream build and name its stages.
    return out;
  }

  /** Stages named by a stage's literal {@code --from}s → line of the first reference. */
  Map<Integer, Integer> fromDeps(int index) {
    return deps.get(index);
  }

  private void checkCycles() {
    for (Stage s : model.stages()) {
      deps.add(literalDeps(s));
    }
    Set<Integer> done = new HashSet<>();
    for (Stage s : model.stages()) {
      Integer line = visit(s.index(), done, new HashSet<>());
      if (line != null) {
        throw new DockerfileError(model.fileName(), line, "circular dependency detected on stage: " + s.displayName());
      }
    }
  }

  /** Depth-first search; returns the line of the reference that closes a cycle, or null. */
  private Integer visit(int stage, Set<Integer> done, Set<Integer> path) {
    if (done.contains(stage)) {
      return null;
    }
    path.add(stage);
    for (Map.Entry<Integer, Integer> e : deps.get(stage).entrySet()) {
      if (path.contains(e.getKey())) {
        return e.getValue();
      }
      Integer line = visit(e.getKey(), done, path);
      if (line != null) {
        return line;
      }
    }
    path.remove(stage);
    done.add(stage);
    return null;
  }
}
