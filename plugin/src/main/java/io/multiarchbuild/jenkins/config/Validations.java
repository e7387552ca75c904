package io.multiarchbuild.jenkins.config;

import hudson.util.FormValidation;
import java.util.Optional;

/** Turns a rule's result into the form feedback Jenkins shows next to a field. */
final class Validations {
  private Validations() {}

  static FormValidation toForm(Optional<String> problem) {
    return problem.map(FormValidation::error).orElseGet(FormValidation::ok);
  }
}
