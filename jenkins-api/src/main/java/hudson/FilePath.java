package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Computer;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.jenkinsci.remoting.RoleSensitive;
import org.jenkinsci.remoting.SerializableOnlyOverRemoting;

public final class FilePath implements SerializableOnlyOverRemoting {
  public FilePath(@CheckForNull VirtualChannel channel, @NonNull String remote) { throw new UnsupportedOperationException(); }

  public FilePath(@NonNull File localPath) { throw new UnsupportedOperationException(); }

  public FilePath(@NonNull FilePath base, @NonNull String rel) { throw new UnsupportedOperationException(); }

  public String getRemote() { throw new UnsupportedOperationException(); }

  public String getName() { throw new UnsupportedOperationException(); }

  public String getBaseName() { throw new UnsupportedOperationException(); }

  public @CheckForNull FilePath getParent() { throw new UnsupportedOperationException(); }

  public @NonNull FilePath child(String relOrAbsolute) { throw new UnsupportedOperationException(); }

  public @CheckForNull FilePath sibling(String rel) { throw new UnsupportedOperationException(); }

  public FilePath withSuffix(String suffix) { throw new UnsupportedOperationException(); }

  public boolean exists() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public boolean isDirectory() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void mkdirs() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public boolean delete() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void deleteRecursive() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void deleteContents() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public InputStream read() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public String readToString() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public OutputStream write() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void write(String content, String encoding) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void copyFrom(InputStream in) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void copyTo(OutputStream os) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void copyTo(FilePath target) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public int copyRecursiveTo(FilePath target) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public void chmod(int mask) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public FilePath createTempFile(String prefix, String suffix) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public FilePath createTextTempFile(String prefix, String suffix, String contents)
      throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public FilePath createTextTempFile(String prefix, String suffix, String contents, boolean inThisDirectory)
      throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public FilePath createTempDir(String prefix, String suffix) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public @NonNull List<FilePath> list() throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public @NonNull FilePath[] list(String includes) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException { throw new UnsupportedOperationException(); }

  public <V, E extends Throwable> V act(hudson.remoting.Callable<V, E> callable)
      throws IOException, InterruptedException, E { throw new UnsupportedOperationException(); }

  public VirtualChannel getChannel() { throw new UnsupportedOperationException(); }

  public boolean isRemote() { throw new UnsupportedOperationException(); }

  public @CheckForNull Computer toComputer() { throw new UnsupportedOperationException(); }

  public static FilePath getHomeDirectory(VirtualChannel ch) throws InterruptedException, IOException { throw new UnsupportedOperationException(); }

  public interface FileCallable<T> extends Serializable, RoleSensitive {
    T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
  }
}
