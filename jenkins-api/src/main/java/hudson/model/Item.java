package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.IOException;
import jenkins.util.io.OnMaster;

public interface Item extends ModelObject, Saveable, AccessControlled, OnMaster {
  Permission CREATE = null;
  Permission DELETE = null;
  Permission CONFIGURE = null;
  Permission READ = null;
  Permission DISCOVER = null;
  Permission EXTENDED_READ = null;
  Permission BUILD = null;
  Permission WORKSPACE = null;
  Permission WIPEOUT = null;
  Permission CANCEL = null;

  ItemGroup<? extends Item> getParent();

  @NonNull
  String getName();

  @NonNull
  String getFullName();

  @Override
  String getDisplayName();

  String getFullDisplayName();

  String getUrl();

  @Override
  void save() throws IOException;
}
