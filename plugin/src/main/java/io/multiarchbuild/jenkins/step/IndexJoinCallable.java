package io.multiarchbuild.jenkins.step;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/** Runs {@link IndexJoiner#join} on the step's agent, with the step's registry logins. */
final class IndexJoinCallable extends MasterToSlaveCallable<String, IOException> {
  private static final long serialVersionUID = 1L;

  private final ArrayList<String> tags;
  private final LinkedHashMap<String, String> manifests;
  private final ResolvedCredentials credentials;

  IndexJoinCallable(List<String> tags, Map<String, String> manifests, ResolvedCredentials credentials) {
    this.tags = new ArrayList<>(tags);
    this.manifests = new LinkedHashMap<>(manifests);
    this.credentials = credentials;
  }

  @Override
  public String call() throws IOException {
    try (EngineInputs inputs = credentials.open()) {
      return IndexJoiner.join(tags, manifests, inputs);
    }
  }
}
