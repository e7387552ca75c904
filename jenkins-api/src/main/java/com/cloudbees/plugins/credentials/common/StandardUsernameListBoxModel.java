package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

public class StandardUsernameListBoxModel
    extends AbstractIdCredentialsListBoxModel<StandardUsernameListBoxModel, StandardUsernameCredentials> {
  public StandardUsernameListBoxModel() { throw new UnsupportedOperationException(); }

  @Override
  protected @NonNull String describe(@NonNull StandardUsernameCredentials c) { throw new UnsupportedOperationException(); }
}
