package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

import edu.umd.cs.findbugs.annotations.NonNull;
import jenkins.model.Loadable;
import jenkins.util.io.OnMaster;

public abstract class Descriptor<T extends Describable<T>> implements Loadable, Saveable, OnMaster {
  public final transient Class<? extends T> clazz;

  protected Descriptor(Class<? extends T> clazz) { throw new UnsupportedOperationException(); }

  /** Infers {@link #clazz} from the enclosing class of the concrete descriptor. */
  protected Descriptor() { throw new UnsupportedOperationException(); }

  public @NonNull String getDisplayName() { throw new UnsupportedOperationException(); }

  public String getId() { throw new UnsupportedOperationException(); }

  public String getHelpFile() { throw new UnsupportedOperationException(); }

  public String getHelpFile(String fieldName) { throw new UnsupportedOperationException(); }

  public String getConfigPage() { throw new UnsupportedOperationException(); }

  public String getGlobalConfigPage() { throw new UnsupportedOperationException(); }

  public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException { throw new UnsupportedOperationException(); }

  @Override
  public synchronized void save() { throw new UnsupportedOperationException(); }

  @Override
  public synchronized void load() { throw new UnsupportedOperationException(); }

  public static final class FormException extends Exception {
    public FormException(String message, String formField) { throw new UnsupportedOperationException(); }

    public FormException(String message, Throwable cause, String formField) { throw new UnsupportedOperationException(); }

    public FormException(Throwable cause, String formField) { throw new UnsupportedOperationException(); }

    public String getFormField() { throw new UnsupportedOperationException(); }
  }
}
