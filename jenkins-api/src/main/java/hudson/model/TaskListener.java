package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public interface TaskListener extends SerializableOnlyOverRemoting {
  TaskListener NULL = null;

  @NonNull
  PrintStream getLogger();

  default void hyperlink(String url, String text) throws IOException { throw new UnsupportedOperationException(); }

  default @NonNull PrintWriter error(String msg) { throw new UnsupportedOperationException(); }

  default @NonNull PrintWriter error(String format, Object... args) { throw new UnsupportedOperationException(); }

  default @NonNull PrintWriter fatalError(String msg) { throw new UnsupportedOperationException(); }

  default @NonNull PrintWriter fatalError(String format, Object... args) { throw new UnsupportedOperationException(); }
}
