package io.multiarchbuild.jenkins.step;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Credential drop-downs and checks of the step's forms, following the credentials plugin's consumer
 * guide: only users who may configure the item (or use its credentials) see the list; others keep
 * just the current value.
 */
final class CredentialItems {
  private CredentialItems() {}

  static ListBoxModel fill(Item item, String current, CredentialsMatcher matcher) {
    String value = current == null ? "" : current;
    if (!mayList(item)) {
      return new StandardListBoxModel().includeCurrentValue(value);
    }
    return new StandardListBoxModel()
        .includeEmptyValue()
        .includeMatchingAs(authentication(item), item, StandardCredentials.class, List.of(), matcher)
        .includeCurrentValue(value);
  }

  static FormValidation check(Item item, String value, CredentialsMatcher matcher, String wanted) {
    if (!mayList(item) || value == null || value.isBlank()) {
      return FormValidation.ok();
    }
    if (value.startsWith("${")) {
      return FormValidation.warning("Cannot check a credential given by an expression");
    }
    boolean found = !CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, authentication(item),
        List.of(), CredentialsMatchers.allOf(CredentialsMatchers.withId(value.trim()), matcher)).isEmpty();
    return found ? FormValidation.ok() : FormValidation.error("No " + wanted + " credential with id '" + value.trim() + "'");
  }

  private static boolean mayList(Item item) {
    if (item == null) {
      return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }
    return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
  }

  private static Authentication authentication(Item item) {
    return item instanceof Queue.Task task ? Tasks.getAuthenticationOf2(task) : ACL.SYSTEM2;
  }
}
