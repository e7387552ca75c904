package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.util.Collection;
import org.kohsuke.stapler.HttpResponse;

public abstract class FormValidation extends IOException implements HttpResponse {
  public final Kind kind;

  private FormValidation() { throw new UnsupportedOperationException(); }

  public enum Kind {
    OK,
    WARNING,
    ERROR
  }

  public static FormValidation ok() { throw new UnsupportedOperationException(); }

  public static FormValidation ok(String message) { throw new UnsupportedOperationException(); }

  public static FormValidation ok(String format, Object... args) { throw new UnsupportedOperationException(); }

  public static FormValidation warning(String message) { throw new UnsupportedOperationException(); }

  public static FormValidation warning(String format, Object... args) { throw new UnsupportedOperationException(); }

  public static FormValidation warning(Throwable e, String message) { throw new UnsupportedOperationException(); }

  public static FormValidation error(String message) { throw new UnsupportedOperationException(); }

  public static FormValidation error(String format, Object... args) { throw new UnsupportedOperationException(); }

  public static FormValidation error(Throwable e, String message) { throw new UnsupportedOperationException(); }

  public static FormValidation errorWithMarkup(String message) { throw new UnsupportedOperationException(); }

  public static FormValidation warningWithMarkup(String message) { throw new UnsupportedOperationException(); }

  public static FormValidation okWithMarkup(String message) { throw new UnsupportedOperationException(); }

  public static @NonNull FormValidation aggregate(@NonNull Collection<FormValidation> validations) { throw new UnsupportedOperationException(); }

  public static FormValidation validateRequired(String value) { throw new UnsupportedOperationException(); }

  public static FormValidation validatePositiveInteger(String value) { throw new UnsupportedOperationException(); }

  public static FormValidation validateNonNegativeInteger(String value) { throw new UnsupportedOperationException(); }

  public static FormValidation validateIntegerInRange(String value, int lower, int upper) { throw new UnsupportedOperationException(); }
}
