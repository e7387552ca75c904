package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

public class Util {
  public static @CheckForNull String fixEmpty(@CheckForNull String s) { throw new UnsupportedOperationException(); }

  public static @CheckForNull String fixEmptyAndTrim(@CheckForNull String s) { throw new UnsupportedOperationException(); }

  public static @NonNull String fixNull(@CheckForNull String s) { throw new UnsupportedOperationException(); }

  public static @NonNull <T> T fixNull(@CheckForNull T s, @NonNull T defaultValue) { throw new UnsupportedOperationException(); }

  public static @NonNull <T> List<T> fixNull(@CheckForNull List<T> l) { throw new UnsupportedOperationException(); }

  public static @NonNull <T> Set<T> fixNull(@CheckForNull Set<T> l) { throw new UnsupportedOperationException(); }

  public static @NonNull <T> Collection<T> fixNull(@CheckForNull Collection<T> l) { throw new UnsupportedOperationException(); }

  public static @NonNull <T> Iterable<T> fixNull(@CheckForNull Iterable<T> l) { throw new UnsupportedOperationException(); }

  public static @Nullable String replaceMacro(@CheckForNull String s, @NonNull Map<String, String> properties) { throw new UnsupportedOperationException(); }

  public static @NonNull String[] tokenize(@NonNull String s) { throw new UnsupportedOperationException(); }

  public static @Nullable String escape(@CheckForNull String s) { throw new UnsupportedOperationException(); }

  public static @NonNull String xmlEscape(@NonNull String s) { throw new UnsupportedOperationException(); }

  public static @NonNull String getDigestOf(@NonNull String text) { throw new UnsupportedOperationException(); }

  public static boolean isOverridden(Class<?> base, Class<?> derived, String methodName, Class<?>... types) { throw new UnsupportedOperationException(); }
}
