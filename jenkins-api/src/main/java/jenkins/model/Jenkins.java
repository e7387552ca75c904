package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import edu.umd.cs.findbugs.annotations.Nullable;
import hudson.ExtensionList;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.AbstractCIBase;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.Label;
import hudson.model.ModelObject;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.model.TopLevelItem;
import hudson.security.Permission;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;

public class Jenkins extends AbstractCIBase implements ModelObject, Loadable {
  public static final Permission ADMINISTER = null;
  public static final Permission MANAGE = null;
  public static final Permission SYSTEM_READ = null;
  public static final Permission READ = null;

  private Jenkins() { throw new UnsupportedOperationException(); }

  public static @NonNull Jenkins get() throws IllegalStateException { throw new UnsupportedOperationException(); }

  public static @CheckForNull Jenkins getInstanceOrNull() { throw new UnsupportedOperationException(); }

  public static @NonNull Authentication getAuthentication2() { throw new UnsupportedOperationException(); }

  public static @CheckForNull <T> T lookup(Class<T> type) { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public <T extends Descriptor> T getDescriptorByType(Class<T> type) { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public @NonNull Descriptor getDescriptorOrDie(Class<? extends Describable> type) { throw new UnsupportedOperationException(); }

  @SuppressWarnings("rawtypes")
  public @CheckForNull Descriptor getDescriptor(Class<? extends Describable> type) { throw new UnsupportedOperationException(); }

  public @CheckForNull Label getLabel(String expr) { throw new UnsupportedOperationException(); }

  public @CheckForNull Node getNode(String name) { throw new UnsupportedOperationException(); }

  public @CheckForNull Item getItemByFullName(String fullName) { throw new UnsupportedOperationException(); }

  public @CheckForNull <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type)
      throws AccessDeniedException { throw new UnsupportedOperationException(); }

  public @Nullable String getRootUrl() throws IllegalStateException { throw new UnsupportedOperationException(); }

  public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) { throw new UnsupportedOperationException(); }

  @Override
  public String getDisplayName() { throw new UnsupportedOperationException(); }

  @Override
  public void load() { throw new UnsupportedOperationException(); }

  @Override
  public void save() { throw new UnsupportedOperationException(); }

  @Override
  public @NonNull String getNodeName() { throw new UnsupportedOperationException(); }

  @Override
  public Launcher createLauncher(TaskListener listener) { throw new UnsupportedOperationException(); }

  @Override
  public String getLabelString() { throw new UnsupportedOperationException(); }

  @Override
  public FilePath getRootPath() { throw new UnsupportedOperationException(); }

  @Override
  public FilePath getWorkspaceFor(TopLevelItem item) { throw new UnsupportedOperationException(); }
}
