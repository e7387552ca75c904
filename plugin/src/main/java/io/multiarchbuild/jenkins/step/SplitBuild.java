package io.multiarchbuild.jenkins.step;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jenkins.model.Jenkins;

/**
 * A build whose platforms run on several agents: each platform is built (in parallel) where the
 * placement says — natively on an online agent with its label, its context shipped there from the
 * workspace, or where the step runs — and pushed on its own; then the manifests are joined into one
 * index under the tags.
 */
final class SplitBuild {
  private final StepOptions options;
  private final Placement placement;
  private final ResolvedCredentials credentials;
  private final Run<?, ?> run;
  private final FilePath workspace;
  private final String localCacheDir;
  private final TaskListener listener;

  SplitBuild(StepOptions options, Placement placement, ResolvedCredentials credentials, Run<?, ?> run,
      FilePath workspace, String localCacheDir, TaskListener listener) {
    this.options = options;
    this.placement = placement;
    this.credentials = credentials;
    this.run = run;
    this.workspace = workspace;
    this.localCacheDir = localCacheDir;
    this.listener = listener;
  }

  /** Builds every platform and joins them; returns the step's result map, and fills {@code results}. */
  Map<String, Object> run(Map<String, AgentBuildResult> results) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(placement.platforms().size(), r -> {
      Thread t = new Thread(r, "multiArchBuild " + run.getExternalizableId());
      t.setDaemon(true);
      return t;
    });
    try {
      Map<Platform, Future<AgentBuildResult>> futures = new LinkedHashMap<>();
      for (Platform p : placement.platforms()) {
        String label = placement.labels().get(p);
        futures.put(p, pool.submit(() -> label == null ? buildHere(p) : buildOn(p, label)));
      }
      for (Map.Entry<Platform, Future<AgentBuildResult>> e : futures.entrySet()) {
        try {
          results.put(e.getKey().toString(), e.getValue().get());
        } catch (ExecutionException x) {
          futures.values().forEach(f -> f.cancel(true));
          Throwable cause = x.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(e.getKey() + ": " + cause, cause);
        }
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      throw e;
    } finally {
      pool.shutdownNow();
    }
    Map<String, String> manifests = new LinkedHashMap<>();
    results.forEach((p, r) -> manifests.put(p, r.manifests().getOrDefault(p, r.digest())));
    listener.getLogger().println("multiArchBuild: joining " + manifests.keySet() + " into one index for " + options.tags());
    String index = workspace.act(new IndexJoinCallable(options.tags(), manifests, credentials));
    return StepResults.joined(options, index, results);
  }

  private AgentBuildResult buildHere(Platform p) throws IOException, InterruptedException {
    StepOptions one = options.forPlatform(p.toString(), List.of(perPlatformOutput(options.tags(), p)),
        options.context(), options.file());
    AgentJob job = new AgentJob(one, List.of(p.toString()), workspace.getRemote(), localCacheDir, "[" + p + "] ");
    return workspace.act(new AgentBuildCallable(job, credentials, listener));
  }

  private AgentBuildResult buildOn(Platform p, String label) throws IOException, InterruptedException {
    Node node = pickNode(label, p);
    FilePath root = node.getRootPath();
    if (root == null) {
      throw new AbortException("multiArchBuild builders: agent " + node.getNodeName() + " for " + p + " went offline");
    }
    FilePath dir = root.child("multiarch-build").child("work").child(slug(run.getExternalizableId()) + "-" + slug(p.toString()));
    listener.getLogger().println("multiArchBuild: building " + p + " on agent " + node.getNodeName() + " (label '" + label + "')");
    try {
      dir.deleteRecursive();
      dir.mkdirs();
      // Ship the context and the Dockerfile (which may live outside the context) from the workspace.
      FilePath context = workspace.child(options.context());
      context.copyRecursiveTo(dir.child("context"));
      FilePath dockerfile = options.file() == null ? context.child("Dockerfile") : workspace.child(options.file());
      dockerfile.copyTo(dir.child("Dockerfile"));
      StepOptions one = options.forPlatform(p.toString(), List.of(perPlatformOutput(options.tags(), p)), "context", "Dockerfile");
      String cache = root.child("caches").child("multiarch-build").getRemote();
      AgentJob job = new AgentJob(one, List.of(p.toString()), dir.getRemote(), cache, "[" + p + "] ");
      return dir.act(new AgentBuildCallable(job, credentials, listener));
    } finally {
      dir.deleteRecursive();
    }
  }

  /** An online agent with the label; the same one for the same label every time (by name). */
  private static Node pickNode(String label, Platform p) throws AbortException {
    Label l = Jenkins.get().getLabel(label);
    List<Node> online = new ArrayList<>();
    if (l != null) {
      for (Node n : l.getNodes()) {
        Computer c = n.toComputer();
        if (c != null && c.isOnline() && n.getRootPath() != null) {
          online.add(n);
        }
      }
    }
    online.sort(Comparator.comparing(Node::getNodeName));
    if (online.isEmpty()) {
      throw new AbortException("multiArchBuild builders: no online agent has label '" + label + "' to build " + p);
    }
    return online.get(0);
  }

  /**
   * Where one platform of a split build is pushed before the join: every tag's repository (the index
   * must find its manifests there), under the tag suffixed with the platform. The engine's registry
   * export cannot push by digest yet ({@code push-by-digest=true} is rejected); switch to that here
   * when it can, so no per-platform tags are left behind.
   */
  static String perPlatformOutput(List<String> tags, Platform p) {
    List<String> names = new ArrayList<>();
    for (String tag : tags) {
      var ref = io.multiarchbuild.engine.registry.ImageReference.parse(tag);
      String base = ref.tag() == null ? "latest" : ref.tag();
      names.add(ref.registry() + "/" + ref.repository() + ":" + base + "-" + slug(p.toString()));
    }
    return "type=registry,\"name=" + String.join(",", names) + "\"";
  }

  static String slug(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]+", "-");
  }
}
