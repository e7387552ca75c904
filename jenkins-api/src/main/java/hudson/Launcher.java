package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import hudson.util.ArgumentListBuilder;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
  protected final @NonNull TaskListener listener;
  protected final @CheckForNull VirtualChannel channel;

  protected Launcher(@NonNull TaskListener listener, @CheckForNull VirtualChannel channel) { throw new UnsupportedOperationException(); }

  public final @NonNull ProcStarter launch() { throw new UnsupportedOperationException(); }

  public abstract Proc launch(@NonNull ProcStarter starter) throws IOException;

  public @CheckForNull VirtualChannel getChannel() { throw new UnsupportedOperationException(); }

  public @NonNull TaskListener getListener() { throw new UnsupportedOperationException(); }

  public boolean isUnix() { throw new UnsupportedOperationException(); }

  public abstract void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException;

  public final @NonNull Launcher decorateByEnv(@NonNull EnvVars env) { throw new UnsupportedOperationException(); }

  public final @NonNull Launcher decorateByPrefix(String... prefix) { throw new UnsupportedOperationException(); }

  public final @NonNull Launcher decorateFor(@NonNull Node node) { throw new UnsupportedOperationException(); }

  /** Inner (non-static) builder, as in Jenkins: {@code launcher.launch().cmds(...).join()}. */
  public final class ProcStarter {
    private ProcStarter() { throw new UnsupportedOperationException(); }

    public ProcStarter cmds(String... args) { throw new UnsupportedOperationException(); }

    public ProcStarter cmds(File program, String... args) { throw new UnsupportedOperationException(); }

    public ProcStarter cmds(List<String> args) { throw new UnsupportedOperationException(); }

    public ProcStarter cmds(ArgumentListBuilder args) { throw new UnsupportedOperationException(); }

    public ProcStarter cmdAsSingleString(String s) { throw new UnsupportedOperationException(); }

    public ProcStarter masks(@CheckForNull boolean... masks) { throw new UnsupportedOperationException(); }

    public ProcStarter quiet(boolean quiet) { throw new UnsupportedOperationException(); }

    public ProcStarter pwd(@CheckForNull FilePath workDir) { throw new UnsupportedOperationException(); }

    public ProcStarter pwd(@NonNull File workDir) { throw new UnsupportedOperationException(); }

    public ProcStarter pwd(@NonNull String workDir) { throw new UnsupportedOperationException(); }

    public ProcStarter stdout(@CheckForNull OutputStream out) { throw new UnsupportedOperationException(); }

    public ProcStarter stdout(@NonNull TaskListener out) { throw new UnsupportedOperationException(); }

    public ProcStarter stderr(@CheckForNull OutputStream err) { throw new UnsupportedOperationException(); }

    public @NonNull ProcStarter stdin(@CheckForNull InputStream in) { throw new UnsupportedOperationException(); }

    public ProcStarter envs(@NonNull Map<String, String> overrides) { throw new UnsupportedOperationException(); }

    public ProcStarter envs(@CheckForNull String... overrides) { throw new UnsupportedOperationException(); }

    public ProcStarter readStdout() { throw new UnsupportedOperationException(); }

    public ProcStarter readStderr() { throw new UnsupportedOperationException(); }

    public ProcStarter writeStdin() { throw new UnsupportedOperationException(); }

    public Proc start() throws IOException { throw new UnsupportedOperationException(); }

    public int join() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

    public List<String> cmds() { throw new UnsupportedOperationException(); }

    public boolean quiet() { throw new UnsupportedOperationException(); }

    public @CheckForNull FilePath pwd() { throw new UnsupportedOperationException(); }

    public @NonNull String[] envs() { throw new UnsupportedOperationException(); }
  }
}
