package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.export.PlatformImage;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.plan.Exec;
import io.multiarchbuild.engine.plan.FileCopy;
import io.multiarchbuild.engine.plan.MakeDir;
import io.multiarchbuild.engine.plan.Metadata;
import io.multiarchbuild.engine.plan.PlannedStage;
import io.multiarchbuild.engine.plan.PlatformPlan;
import io.multiarchbuild.engine.plan.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Builds a stage's final image from the solved file-system states and the stage's metadata steps,
 * interleaving history entries in Dockerfile order. The plan keeps metadata off the file-system
 * chain (so an ENV change does not invalidate later COPYs' layers), which is why this is a separate pass.
 */
final class ImageAssembler {

  private final PlatformPlan plan;
  private final Map<Digest, Step> steps;
  private final Map<Digest, State> states;

  /** @param states solved states of (at least) the rootfs of the target stage and of its FROM-stage ancestors */
  ImageAssembler(PlatformPlan plan, Map<Digest, State> states) {
    this.plan = plan;
    this.steps = plan.byKey();
    this.states = states;
  }

  /** Stages whose rootfs states {@link #assemble} needs: the target and the stages it is built FROM. */
  static List<PlannedStage> chain(PlatformPlan plan, PlannedStage s) {
    List<PlannedStage> out = new ArrayList<>();
    for (PlannedStage cur = s; cur != null; cur = parent(plan, cur)) {
      out.add(cur);
    }
    return out;
  }

  private static PlannedStage parent(PlatformPlan plan, PlannedStage s) {
    if (s.base() == null || !s.base().startsWith("stage:")) {
      return null;
    }
    String name = s.base().substring("stage:".length());
    return plan.stages().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException("plan names unknown base stage " + name));
  }

  PlatformImage assemble(PlannedStage stage, Map<String, String> extraLabels) {
    ImageConfig c = config(stage);
    if (!extraLabels.isEmpty()) {
      ConfigEditor e = new ConfigEditor(c.config(), c.author());
      e.labels.putAll(extraLabels);
      c = c.withConfig(e.build());
    }
    return new PlatformImage(plan.platform(), c, states.get(stage.rootfs()).layers());
  }

  private ImageConfig config(PlannedStage stage) {
    State fs = states.get(stage.rootfs());
    PlannedStage parent = parent(plan, stage);
    ImageConfig start;
    int fsStart;
    if (parent != null) {
      start = config(parent);
      fsStart = states.get(parent.rootfs()).history().size();
    } else {
      start = fs.base();
      fsStart = 0;
    }
    ConfigEditor editor = new ConfigEditor(start.config(), start.author());
    List<ImageConfig.History> history = new ArrayList<>(start.history());
    Iterator<ImageConfig.History> own = fs.history().subList(fsStart, fs.history().size()).iterator();
    Instant last = start.created();
    for (Digest key : stage.steps()) {
      Step step = steps.get(key);
      if (step.op() instanceof Metadata m) {
        editor.apply(m.field(), m.values());
        history.add(Steps.emptyHistory(step.name(), last));
      } else if (step.op() instanceof MakeDir || step.op() instanceof FileCopy || step.op() instanceof Exec) {
        if (step.op() instanceof MakeDir md) {
          editor.workingDir = md.path();
        }
        ImageConfig.History h = own.next();
        history.add(h);
        if (h.created() != null && (last == null || h.created().isAfter(last))) {
          last = h.created();
        }
      }
    }
    List<Digest> diffIds = fs.layers().stream().map(Layer::diffId).toList();
    return new ImageConfig(last, editor.author, plan.platform().architecture(), plan.platform().os(),
        plan.platform().variant(), editor.build(), diffIds, history, Map.of());
  }
}
