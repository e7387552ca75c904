package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/** Memberless here: only the return type of {@link Credentials#getDescriptor()}. */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
  private CredentialsDescriptor() { throw new UnsupportedOperationException(); }
}
