package io.multiarchbuild.jenkins.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import net.sf.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.StaplerRequest2;

class ConfigurationErrorsTest {

  @Test
  void problemIn_findsTheRuleViolation_evenWhenStaplerWrappedIt() {
    var bad = new MultiArchBuildConfiguration.InvalidBuilderSetsException("Builder set \"arm\" has no builders: add at least one platform.");
    RuntimeException wrapped = new IllegalArgumentException("failed to bind", new InvocationTargetException(bad));

    assertThat(MultiArchBuildConfiguration.problemIn(wrapped)).isEqualTo(bad.getMessage());
    assertThat(MultiArchBuildConfiguration.problemIn(bad)).isEqualTo(bad.getMessage());
  }

  @Test
  void problemIn_otherFailures_areNotFormErrors() {
    assertThat(MultiArchBuildConfiguration.problemIn(new IllegalStateException("bug"))).isNull();
  }

  @Test
  void configure_isOverriddenWithTheFormBindingSignature_andThrowsFormException() throws Exception {
    Method m = MultiArchBuildConfiguration.class.getDeclaredMethod("configure", StaplerRequest2.class, JSONObject.class);

    assertThat(m.getReturnType()).isEqualTo(boolean.class);
    assertThat(m.getExceptionTypes()).containsExactly(hudson.model.Descriptor.FormException.class);
    assertThat(MultiArchBuildConfiguration.InvalidBuilderSetsException.class.getSuperclass()).isEqualTo(IllegalArgumentException.class);
  }
}
