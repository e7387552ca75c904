package com.cloudbees.plugins.credentials.domains;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.List;

public class URIRequirementBuilder {
  private URIRequirementBuilder() { throw new UnsupportedOperationException(); }

  public static @NonNull URIRequirementBuilder fromUri(@CheckForNull String uri) { throw new UnsupportedOperationException(); }

  public @NonNull List<DomainRequirement> build() { throw new UnsupportedOperationException(); }
}
