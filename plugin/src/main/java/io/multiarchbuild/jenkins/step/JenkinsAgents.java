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
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Where the platforms of a split build run in Jenkins: on the step's agent (its workspace), or on an
 * online agent with a label, with the context and Dockerfile shipped there from the workspace; the
 * join runs on the step's agent. Each build is an {@link AgentBuildCallable} over remoting.
 */
final class JenkinsAgents implements SplitBuild.Agents {
  private final ResolvedCredentials credentials;
  private final Run<?, ?> run;
  private final FilePath workspace;
  private final String localCacheDir;
  private final TaskListener listener;

  JenkinsAgents(ResolvedCredentials credentials, Run<?, ?> run, FilePath workspace, String localCacheDir,
      TaskListener listener) {
    this.credentials = credentials;
    this.run = run;
    this.workspace = workspace;
    this.localCacheDir = localCacheDir;
    this.listener = listener;
  }

  @Override
  public AgentBuildResult buildHere(Platform p, StepOptions one) throws IOException, InterruptedException {
    AgentJob job = new AgentJob(one, List.of(p.toString()), workspace.getRemote(), localCacheDir, "[" + p + "] ");
    return workspace.act(new AgentBuildCallable(job, credentials, listener));
  }

  @Override
  public AgentBuildResult buildOn(Platform p, String label, StepOptions one) throws IOException, InterruptedException {
    Node node = pickNode(label, p);
    FilePath root = node.getRootPath();
    if (root == null) {
      throw new AbortException("multiArchBuild builders: agent " + node.getNodeName() + " for " + p + " went offline");
    }
    FilePath dir = root.child("multiarch-build").child("work")
        .child(SplitBuild.slug(run.getExternalizableId()) + "-" + SplitBuild.slug(p.toString()));
    listener.getLogger().println("multiArchBuild: building " + p + " on agent " + node.getNodeName() + " (label '" + label + "')");
    try {
      dir.deleteRecursive();
      dir.mkdirs();
      // Ship the context and the Dockerfile (which may live outside the context) from the workspace.
      FilePath context = workspace.child(one.context());
      context.copyRecursiveTo(dir.child("context"));
      FilePath dockerfile = one.file() == null ? context.child("Dockerfile") : workspace.child(one.file());
      dockerfile.copyTo(dir.child("Dockerfile"));
      StepOptions shipped = one.forPlatform(p.toString(), one.outputs(), "context", "Dockerfile");
      String cache = root.child("caches").child("multiarch-build").getRemote();
      AgentJob job = new AgentJob(shipped, List.of(p.toString()), dir.getRemote(), cache, "[" + p + "] ");
      return dir.act(new AgentBuildCallable(job, credentials, listener));
    } finally {
      dir.deleteRecursive();
    }
  }

  @Override
  public String join(List<String> tags, Map<String, String> manifests) throws IOException, InterruptedException {
    listener.getLogger().println("multiArchBuild: joining " + manifests.keySet() + " into one index for " + tags);
    return workspace.act(new IndexJoinCallable(tags, manifests, credentials));
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
}
