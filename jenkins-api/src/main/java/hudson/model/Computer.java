package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.EnvVars;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import java.io.IOException;

public abstract class Computer extends Actionable implements AccessControlled {
  Computer() { throw new UnsupportedOperationException(); }

  public static @Nullable Computer currentComputer() { throw new UnsupportedOperationException(); }

  public @CheckForNull Node getNode() { throw new UnsupportedOperationException(); }

  public abstract @Nullable VirtualChannel getChannel();

  public @NonNull String getName() { throw new UnsupportedOperationException(); }

  public abstract @CheckForNull Boolean isUnix();

  public final boolean isOnline() { throw new UnsupportedOperationException(); }

  public EnvVars getEnvironment() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public @NonNull EnvVars buildEnvironment(@NonNull TaskListener listener) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  @Override
  public @NonNull ACL getACL() { throw new UnsupportedOperationException(); }
}
