package io.multiarchbuild.jenkins.step;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.slaves.WorkspaceList;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.jenkins.config.BuilderSet;
import io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration;
import io.multiarchbuild.jenkins.page.BuildRecord;
import io.multiarchbuild.jenkins.page.MultiArchBuildAction;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the Pipeline step and the freestyle builder share: check the options, resolve credentials,
 * run the engine on the agent(s), record the build page, and return the step's result map. User
 * mistakes end as an {@link AbortException} with one line (no stack trace in the log).
 */
public final class BuildDriver {

  /** Environment variable (on the agent) that overrides where the engine keeps its cache. */
  public static final String CACHE_DIR_ENV = "MULTIARCH_BUILD_CACHE_DIR";

  private BuildDriver() {}

  public static Map<String, Object> perform(StepOptions options, Run<?, ?> run, FilePath workspace,
      Map<String, String> env, TaskListener listener) throws IOException, InterruptedException {
    long start = System.nanoTime();
    try {
      MultiArchBuildConfiguration config = MultiArchBuildConfiguration.get();
      List<String> setNames = config.getBuilderSets().stream().map(BuilderSet::getName).collect(Collectors.toList());
      Placement placement = StepPlan.place(options, config::findBuilderSet, setNames);
      ResolvedCredentials credentials = CredentialResolver.resolve(options, new RunCredentialLookup(run), env);
      String cacheDir = cacheDir(workspace, env);
      Map<String, AgentBuildResult> results = new LinkedHashMap<>();
      Map<String, Object> value;
      if (placement.split()) {
        value = SplitBuild.run(options, placement, new JenkinsAgents(credentials, run, workspace, cacheDir, listener), results);
      } else {
        List<String> platforms = StepResults.strings(placement.platforms());
        String prefix = platforms.isEmpty() ? "" : "[" + String.join(",", platforms) + "] ";
        AgentJob job = new AgentJob(options, platforms, workspace.getRemote(), cacheDir, prefix);
        AgentBuildResult r = workspace.act(new AgentBuildCallable(job, credentials, listener));
        results.put(String.join(",", r.manifests().keySet()), r);
        value = StepResults.of(options, r);
      }
      recordAction(run, new ArrayList<>(results.values()), String.valueOf(value.get("digest")),
          Duration.ofNanos(System.nanoTime() - start));
      return value;
    } catch (RuntimeException e) {
      UserError user = userError(e);
      if (user != null) {
        throw new AbortException(user.getMessage());
      }
      throw e;
    } catch (IOException e) {
      UserError user = userError(e);
      if (user != null) {
        throw new AbortException(user.getMessage());
      }
      throw e;
    }
  }

  /**
   * Attaches the build-page action, from the records the agents made ({@link AgentBuild#record}); a
   * per-label build's parts are merged under the joined index.
   *
   * @param digest the index (or single manifest) digest the step returns
   */
  static void recordAction(Run<?, ?> run, List<AgentBuildResult> results, String digest, Duration total)
      throws IOException {
    List<BuildRecord> parts = results.stream().map(AgentBuildResult::record).toList();
    MultiArchBuildAction.attach(run, parts.size() == 1 ? parts.get(0) : BuildRecord.merge(parts, digest, total));
  }

  /** The engine cache on the agent: {@value #CACHE_DIR_ENV} if set, else {@code <agent root>/caches/multiarch-build}. */
  static String cacheDir(FilePath workspace, Map<String, String> env) throws AbortException {
    String configured = env.get(CACHE_DIR_ENV);
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    Computer computer = workspace.toComputer();
    Node node = computer == null ? null : computer.getNode();
    FilePath root = node == null ? null : node.getRootPath();
    if (root != null) {
      return root.child("caches").child("multiarch-build").getRemote();
    }
    FilePath tmp = WorkspaceList.tempDir(workspace);
    if (tmp == null) {
      throw new AbortException("multiArchBuild: no cache directory for workspace " + workspace.getRemote()
          + "; set " + CACHE_DIR_ENV);
    }
    return tmp.child("multiarch-build-cache").getRemote();
  }

  /** The user error behind an exception, also when remoting wrapped it. */
  static UserError userError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UserError u) {
        return u;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
