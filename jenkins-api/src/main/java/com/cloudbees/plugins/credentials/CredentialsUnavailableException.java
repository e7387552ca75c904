package com.cloudbees.plugins.credentials;

/** Constructors omitted: thrown by credential implementations, only caught by consumers. */
public class CredentialsUnavailableException extends RuntimeException {
  private CredentialsUnavailableException() { throw new UnsupportedOperationException(); }
}
