package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Secret implements Serializable {
  Secret() { throw new UnsupportedOperationException(); }

  public @NonNull String getPlainText() { throw new UnsupportedOperationException(); }

  public String getEncryptedValue() { throw new UnsupportedOperationException(); }

  public static @NonNull Secret fromString(@CheckForNull String data) { throw new UnsupportedOperationException(); }

  public static @CheckForNull Secret decrypt(@CheckForNull String data) { throw new UnsupportedOperationException(); }

  public static @NonNull String toString(@CheckForNull Secret s) { throw new UnsupportedOperationException(); }

  @Deprecated
  @Override
  public String toString() { throw new UnsupportedOperationException(); }
}
