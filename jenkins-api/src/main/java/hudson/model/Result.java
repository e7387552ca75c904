package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Result implements Serializable {
  public static final @NonNull Result SUCCESS = null;
  public static final @NonNull Result UNSTABLE = null;
  public static final @NonNull Result FAILURE = null;
  public static final @NonNull Result NOT_BUILT = null;
  public static final @NonNull Result ABORTED = null;

  public final int ordinal;
  public final boolean completeBuild;

  private Result() { throw new UnsupportedOperationException(); }

  public @NonNull Result combine(@NonNull Result that) { throw new UnsupportedOperationException(); }

  public static Result combine(Result r1, Result r2) { throw new UnsupportedOperationException(); }

  public boolean isWorseThan(@NonNull Result that) { throw new UnsupportedOperationException(); }

  public boolean isWorseOrEqualTo(@NonNull Result that) { throw new UnsupportedOperationException(); }

  public boolean isBetterThan(@NonNull Result that) { throw new UnsupportedOperationException(); }

  public boolean isBetterOrEqualTo(@NonNull Result that) { throw new UnsupportedOperationException(); }

  public boolean isCompleteBuild() { throw new UnsupportedOperationException(); }

  public static @NonNull Result fromString(@NonNull String s) { throw new UnsupportedOperationException(); }
}
