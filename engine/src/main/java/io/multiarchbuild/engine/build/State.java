package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.oci.ImageConfig;
import io.multiarchbuild.engine.oci.Layer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one solved op. A file-system op (FROM, WORKDIR, COPY, RUN) yields the stage's layer
 * chain so far, the history entry of each of its own layers, and the base image's config (RUN needs
 * its env, user and working directory); a build-context op yields the context directory instead.
 * Dockerfile metadata (ENV, CMD, ...) is not carried here: the plan keeps it apart from the file
 * system chain, and {@link ImageAssembler} applies it when it assembles the final image.
 *
 * @param base the base image config (runtime defaults and history of the FROM image); null for a context
 * @param layers the layer chain, bottom first
 * @param history one entry per file-system step since the base (the base's own history stays in {@code base})
 * @param context the build context root, only for a context op
 * @param ignore the context's .dockerignore rules, only for a context op
 */
record State(ImageConfig base, List<Layer> layers, List<ImageConfig.History> history, Path context, IgnoreRules ignore) {

  State {
    layers = List.copyOf(layers);
    history = List.copyOf(history);
  }

  static State image(ImageConfig base, List<Layer> layers) {
    return new State(base, layers, List.of(), null, null);
  }

  static State context(Path root, IgnoreRules ignore) {
    return new State(null, List.of(), List.of(), root, ignore);
  }

  boolean isContext() {
    return context != null;
  }

  /** This state plus the history entry of a step that changed no file (every file-system step adds exactly one entry). */
  State plusEmpty(ImageConfig.History h) {
    List<ImageConfig.History> hs = new ArrayList<>(history);
    hs.add(h);
    return new State(base, layers, hs, null, null);
  }

  /** This state plus one layer made by the step {@code createdBy}. */
  State plus(Layer layer, ImageConfig.History h) {
    List<Layer> l = new ArrayList<>(layers);
    l.add(layer);
    List<ImageConfig.History> hs = new ArrayList<>(history);
    hs.add(h);
    return new State(base, l, hs, null, null);
  }
}
