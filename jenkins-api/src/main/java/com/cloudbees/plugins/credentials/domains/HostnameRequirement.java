package com.cloudbees.plugins.credentials.domains;

public class HostnameRequirement extends DomainRequirement {
  public HostnameRequirement(String hostname) { throw new UnsupportedOperationException(); }
}
