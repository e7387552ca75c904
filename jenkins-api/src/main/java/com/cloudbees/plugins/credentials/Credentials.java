package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Run;
import java.io.Serializable;

public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
  @CheckForNull
  CredentialsScope getScope();

  @Override
  @NonNull
  CredentialsDescriptor getDescriptor();

  default @NonNull Credentials forRun(@NonNull Run<?, ?> context) { throw new UnsupportedOperationException(); }
}
