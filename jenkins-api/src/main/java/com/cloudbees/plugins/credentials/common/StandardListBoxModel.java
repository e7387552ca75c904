package com.cloudbees.plugins.credentials.common;

import edu.umd.cs.findbugs.annotations.NonNull;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
  public StandardListBoxModel() { throw new UnsupportedOperationException(); }

  @Override
  protected @NonNull String describe(@NonNull StandardCredentials c) { throw new UnsupportedOperationException(); }
}
