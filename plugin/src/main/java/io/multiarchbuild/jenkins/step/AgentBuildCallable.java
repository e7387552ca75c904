package io.multiarchbuild.jenkins.step;

import hudson.model.TaskListener;
import java.io.IOException;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs {@link AgentBuild} on the agent that owns the workspace ({@code FilePath.act}). The
 * credentials travel as Jenkins {@code Secret}s and are opened only here, for this one build; the
 * listener is the build log, exported over the channel by remoting.
 */
final class AgentBuildCallable extends MasterToSlaveCallable<AgentBuildResult, IOException> {
  private static final long serialVersionUID = 1L;

  private final AgentJob job;
  private final ResolvedCredentials credentials;
  private final TaskListener listener;

  AgentBuildCallable(AgentJob job, ResolvedCredentials credentials, TaskListener listener) {
    this.job = job;
    this.credentials = credentials;
    this.listener = listener;
  }

  @Override
  public AgentBuildResult call() throws IOException {
    try (EngineInputs inputs = credentials.open()) {
      return AgentBuild.run(job, inputs, listener.getLogger());
    }
  }
}
