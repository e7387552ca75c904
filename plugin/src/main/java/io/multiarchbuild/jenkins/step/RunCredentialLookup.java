package io.multiarchbuild.jenkins.step;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import hudson.model.Run;

/**
 * Credentials as the credentials plugin resolves them for a running build: the run's folder and
 * global stores, the triggering user's own credentials, and {@code ${PARAM}} credential parameters.
 */
final class RunCredentialLookup implements CredentialLookup {
  private final Run<?, ?> run;

  RunCredentialLookup(Run<?, ?> run) {
    this.run = run;
  }

  @Override
  public IdCredentials find(String id) {
    // Looked up as the most general kind so that a wrong kind gets its own message rather than "not found".
    return CredentialsProvider.findCredentialById(id, IdCredentials.class, run);
  }

  @Override
  public void track(IdCredentials credential) {
    CredentialsProvider.track(run, credential);
  }
}
