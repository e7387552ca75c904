package io.multiarchbuild.jenkins.step;

import hudson.util.FormValidation;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;

/** Field checks of the step's forms; the same rules as {@link StepPlan}, shown while typing. */
final class FormChecks {
  private FormChecks() {}

  static FormValidation checkMountId(String value) {
    if (value == null || value.isBlank()) {
      return FormValidation.error("Give the id the Dockerfile's RUN --mount asks for");
    }
    return FormValidation.ok();
  }

  static FormValidation checkRegistry(String value) {
    if (value == null || value.isBlank()) {
      return FormValidation.error("Give the registry host, e.g. registry.example.com");
    }
    return problem(() -> RegistryHosts.host(value, "url"));
  }

  static FormValidation checkPlatforms(String value) {
    for (String p : Lines.split(value)) {
      FormValidation v = checkPlatform(p);
      if (v.kind != FormValidation.Kind.OK) {
        return v;
      }
    }
    return FormValidation.ok();
  }

  static FormValidation checkPlatform(String value) {
    if (value == null || value.isBlank()) {
      return FormValidation.error("Give a platform, e.g. linux/arm64");
    }
    return problem(() -> Platform.parse(value.trim()));
  }

  static FormValidation checkTags(String value) {
    for (String t : Lines.split(value)) {
      FormValidation v = problem(() -> ImageReference.parse(t));
      if (v.kind != FormValidation.Kind.OK) {
        return v;
      }
    }
    return FormValidation.ok();
  }

  static FormValidation checkLabel(String value) {
    return value == null || value.isBlank() ? FormValidation.error("Give an agent label, e.g. arm64") : FormValidation.ok();
  }

  static FormValidation checkBuilderSet(String value) {
    if (value == null || value.isBlank()) {
      return FormValidation.ok();
    }
    return io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration.get().findBuilderSet(value).isPresent()
        ? FormValidation.ok()
        : FormValidation.error("No builder set named '" + value.trim() + "' in Manage Jenkins → System");
  }

  private static FormValidation problem(Runnable check) {
    try {
      check.run();
      return FormValidation.ok();
    } catch (UserError e) {
      return FormValidation.error(e.getMessage());
    }
  }
}
