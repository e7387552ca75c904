package com.cloudbees.jenkins.plugins.sshcredentials;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;
import java.util.List;

@SuppressWarnings("deprecation")
public interface SSHUserPrivateKey extends SSHUser {
  @NonNull
  List<String> getPrivateKeys();

  @CheckForNull
  Secret getPassphrase();

  @Deprecated
  default @NonNull String getPrivateKey() { throw new UnsupportedOperationException(); }
}
