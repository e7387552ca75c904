package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Queue;
import org.springframework.security.core.Authentication;

public class Tasks {
  public Tasks() { throw new UnsupportedOperationException(); }

  public static @NonNull Authentication getAuthenticationOf2(@NonNull Queue.Task t) { throw new UnsupportedOperationException(); }
}
