package io.multiarchbuild.jenkins.step;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one {@code multiArchBuild} call (or freestyle step) as plain values, free of
 * Jenkins types, so the mapping to the engine is tested without Jenkins and the options travel to
 * agents. Nulls become the documented defaults. Collections are copied into serializable
 * {@link ArrayList}/{@link LinkedHashMap}s because this record crosses the remoting channel.
 *
 * @param context build context, relative to the workspace (default {@code .})
 * @param file Dockerfile, relative to the workspace (default {@code <context>/Dockerfile})
 * @param target stage to build, or null for the last
 * @param platforms target platforms; empty means the agent's own
 * @param tags image names
 * @param push push the image (and every tag) to its registry
 * @param buildArgs {@code ARG} values
 * @param labels image labels
 * @param secrets build secrets from credentials
 * @param ssh SSH keys from credentials, served by an in-process agent
 * @param forwardAgent forward {@code SSH_AUTH_SOCK} of an enclosing {@code sshagent {}} as ssh id {@code default}
 * @param registries registry logins from credentials
 * @param cacheFrom {@code --cache-from} specs
 * @param cacheTo {@code --cache-to} specs
 * @param outputs {@code --output} specs
 * @param noCache do not use the build cache
 * @param builders platform → agent label
 * @param builderSet name of a builder set from the global configuration, or null
 */
public record StepOptions(
    String context,
    String file,
    String target,
    List<String> platforms,
    List<String> tags,
    boolean push,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    List<CredentialRef> secrets,
    List<CredentialRef> ssh,
    boolean forwardAgent,
    List<CredentialRef> registries,
    List<String> cacheFrom,
    List<String> cacheTo,
    List<String> outputs,
    boolean noCache,
    List<PlatformLabel> builders,
    String builderSet) implements Serializable {

  private static final long serialVersionUID = 1L;

  public StepOptions {
    context = blankToNull(context) == null ? "." : context.trim();
    file = blankToNull(file);
    target = blankToNull(target);
    platforms = list(platforms);
    tags = list(tags);
    buildArgs = map(buildArgs);
    labels = map(labels);
    secrets = list(secrets);
    ssh = list(ssh);
    registries = list(registries);
    cacheFrom = list(cacheFrom);
    cacheTo = list(cacheTo);
    outputs = list(outputs);
    builders = list(builders);
    builderSet = blankToNull(builderSet);
  }

  /**
   * A credential used for something: a build secret or ssh id ({@code key} = the id a
   * {@code RUN --mount} asks for) or a registry login ({@code key} = the registry host or URL).
   */
  public record CredentialRef(String key, String credentialsId) implements Serializable {
    private static final long serialVersionUID = 1L;

    public CredentialRef {
      key = key == null ? "" : key.trim();
      credentialsId = credentialsId == null ? "" : credentialsId.trim();
    }
  }

  /** A platform built natively on an agent with this label expression. */
  public record PlatformLabel(String platform, String label) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PlatformLabel {
      platform = platform == null ? "" : platform.trim();
      label = label == null ? "" : label.trim();
    }
  }

  /**
   * What one platform's build of a split build gets: that platform only, its own outputs instead of
   * {@code push}, no builders, and possibly other context/Dockerfile paths (where they were shipped).
   */
  StepOptions forPlatform(String platform, List<String> platformOutputs, String newContext, String newFile) {
    return new StepOptions(newContext, newFile, target, List.of(platform), tags, false, buildArgs, labels, secrets, ssh,
        forwardAgent, registries, cacheFrom, cacheTo, platformOutputs, noCache, List.of(), null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(List<T> in) {
    List<T> out = new ArrayList<>();
    if (in != null) {
      for (T t : in) {
        if (t != null && !(t instanceof String s && s.isBlank())) {
          out.add(t instanceof String s ? (T) s.trim() : t);
        }
      }
    }
    return java.util.Collections.unmodifiableList(out);
  }

  private static Map<String, String> map(Map<String, String> in) {
    Map<String, String> out = new LinkedHashMap<>();
    if (in != null) {
      // Groovy maps may carry numbers or GStrings despite the declared type: stringify by hand.
      for (Map.Entry<?, ?> e : ((Map<?, ?>) in).entrySet()) {
        out.put(String.valueOf(e.getKey()), e.getValue() == null ? "" : String.valueOf(e.getValue()));
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
