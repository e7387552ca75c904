package io.multiarchbuild.jenkins.step;

import com.cloudbees.plugins.credentials.common.IdCredentials;

/**
 * Finds credentials for one run. The Jenkins implementation is {@link RunCredentialLookup}; tests
 * pass their own, since the credentials API is static.
 */
public interface CredentialLookup {

  /** The credential with this id that the run may use, of any kind, or null. */
  IdCredentials find(String id);

  /** Records on the run that the credential was used (the credentials page shows it). */
  void track(IdCredentials credential);
}
