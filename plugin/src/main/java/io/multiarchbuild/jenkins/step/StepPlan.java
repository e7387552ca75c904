package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.jenkins.config.BuilderSet;
import io.multiarchbuild.jenkins.config.LabelBuilder;
import io.multiarchbuild.jenkins.config.PlatformBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a step's options before anything runs and decides where each platform builds. Runs on the
 * controller, free of Jenkins types; every problem is an {@link OptionError} naming the option.
 */
public final class StepPlan {

  private StepPlan() {}

  /**
   * Validates {@code options} and places its platforms.
   *
   * @param builderSets finds a builder set of the global configuration by name
   * @param definedSets the names of the configured builder sets, for the "unknown set" message
   */
  public static Placement place(StepOptions options, Function<String, Optional<BuilderSet>> builderSets,
      List<String> definedSets) {
    List<Platform> platforms = platforms(options.platforms(), "platforms");
    Map<Platform, String> labels = new LinkedHashMap<>();
    if (options.builderSet() != null) {
      BuilderSet set = builderSets.apply(options.builderSet()).orElseThrow(() -> new OptionError("builderSet",
          "no builder set named '" + options.builderSet() + "' in Manage Jenkins → System"
              + (definedSets.isEmpty() ? " (none is defined)" : " (defined: " + String.join(", ", definedSets) + ")")));
      for (PlatformBuilder b : set.getBuilders()) {
        Platform p = b.parsedPlatform().orElseThrow(() -> new OptionError("builderSet",
            "builder set '" + set.getName() + "' has an invalid platform '" + b.getPlatform() + "'"));
        if (!(b instanceof LabelBuilder lb)) {
          throw new OptionError("builderSet", "builder set '" + set.getName() + "': builder kind "
              + b.getClass().getSimpleName() + " for " + p + " is not supported by this step");
        }
        // A set may cover more platforms than this build asks for; it then only places those asked.
        if (platforms.isEmpty() || platforms.contains(p)) {
          labels.put(p, lb.getLabel());
        }
      }
    }
    Set<Platform> explicit = new HashSet<>();
    for (int i = 0; i < options.builders().size(); i++) {
      StepOptions.PlatformLabel b = options.builders().get(i);
      String where = "builders[" + i + "]";
      Platform p = platform(b.platform(), where + ".platform");
      if (b.label().isEmpty()) {
        throw new OptionError(where + ".label", "give the label of the agents that build " + p + ", e.g. 'arm64'");
      }
      if (!explicit.add(p)) {
        throw new OptionError("builders", "platform " + p + " is given twice; keep one builder per platform");
      }
      if (!platforms.isEmpty() && !platforms.contains(p)) {
        throw new OptionError(where + ".platform", p + " is not in platforms " + platforms + "; add it there or drop the builder");
      }
      labels.put(p, b.label()); // the step's own builders win over the set's
    }
    if (platforms.isEmpty() && !labels.isEmpty()) {
      platforms = new ArrayList<>(labels.keySet());
    }
    checkTags(options);
    checkOutputs(options);
    checkCredentialRefs(options.secrets(), "secrets", "id");
    checkCredentialRefs(options.ssh(), "ssh", "id");
    checkCredentialRefs(options.registries(), "registries", "url");
    Placement placement = new Placement(platforms, labels);
    if (placement.split()) {
      String which = placement.labels().keySet().stream().map(Platform::toString).collect(Collectors.joining(", "));
      if (!options.push()) {
        throw new OptionError("push", "platforms built on other agents (" + which + ") are pushed by digest and "
            + "joined into one index in the registry; set push: true");
      }
      if (options.forwardAgent()) {
        throw new OptionError("forwardAgent", "the sshagent socket exists only on this agent, so it cannot reach "
            + "builds on other agents (" + which + "); use ssh: [[id: 'default', credentialsId: …]] instead");
      }
      if (!options.outputs().isEmpty()) {
        throw new OptionError("outputs", "cannot be combined with builders on other agents; those builds push to the tags' registry");
      }
    }
    return placement;
  }

  /** Parses platform strings, dropping duplicates (after normalisation) but keeping order. */
  static List<Platform> platforms(List<String> texts, String option) {
    Set<Platform> out = new LinkedHashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      out.add(platform(texts.get(i), option + "[" + i + "]"));
    }
    return new ArrayList<>(out);
  }

  private static Platform platform(String text, String option) {
    if (text == null || text.isBlank()) {
      throw new OptionError(option, "empty platform; use os/arch[/variant], e.g. linux/arm64");
    }
    try {
      return Platform.parse(text.trim());
    } catch (InvalidPlatformException e) {
      throw new OptionError(option, "'" + text.trim() + "' is not a platform; use os/arch[/variant], e.g. linux/arm64", e);
    }
  }

  private static void checkTags(StepOptions options) {
    boolean pushes = options.push() || options.outputs().stream().anyMatch(o -> o.matches("(?i).*type=registry\\b.*")
        || o.matches("(?i).*\\bpush=true\\b.*"));
    if (options.push() && options.tags().isEmpty()) {
      throw new OptionError("tags", "push: true needs at least one tag, e.g. registry.example.com/team/app:1.0");
    }
    for (int i = 0; i < options.tags().size(); i++) {
      String tag = options.tags().get(i);
      try {
        ImageReference.parse(tag);
      } catch (UserError e) {
        throw new OptionError("tags[" + i + "]", e.getMessage(), e);
      }
      if (pushes && !namesRegistry(tag)) {
        throw new OptionError("tags[" + i + "]", "'" + tag + "' names no registry, so it cannot be pushed; "
            + "write it as host/repository:tag, e.g. registry.example.com/" + tag);
      }
    }
  }

  /** True when the first path component is a host, as Docker decides it (a dot, a port, or localhost). */
  static boolean namesRegistry(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String first = reference.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  private static void checkOutputs(StepOptions options) {
    for (int i = 0; i < options.outputs().size(); i++) {
      try {
        OutputSpec.parse(options.outputs().get(i));
      } catch (UserError e) {
        throw new OptionError("outputs[" + i + "]", e.getMessage(), e);
      }
    }
  }

  private static void checkCredentialRefs(List<StepOptions.CredentialRef> refs, String option, String keyName) {
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < refs.size(); i++) {
      StepOptions.CredentialRef r = refs.get(i);
      String where = option + "[" + i + "]";
      if (r.key().isEmpty()) {
        throw new OptionError(where + "." + keyName, "is empty");
      }
      if (r.credentialsId().isEmpty()) {
        throw new OptionError(where + ".credentialsId", "is empty; give the id of a Jenkins credential");
      }
      if (!keys.add(r.key())) {
        throw new OptionError(where + "." + keyName, "'" + r.key() + "' is given twice");
      }
    }
  }
}
