package io.multiarchbuild.jenkins.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The configured builder sets as a value: lookup by name and validation, free of Jenkins. */
public final class BuilderSets {
  private final List<BuilderSet> sets;

  public BuilderSets(List<BuilderSet> sets) {
    this.sets = sets == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sets));
  }

  public List<BuilderSet> all() {
    return sets;
  }

  /** The set with exactly this name (names are case-sensitive, as typed in Pipeline scripts). */
  public Optional<BuilderSet> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String wanted = name.trim();
    return sets.stream().filter(s -> s.getName().equals(wanted)).findFirst();
  }

  /** All problems of the configuration; empty when it may be saved. */
  public List<String> problems() {
    return BuilderSetRules.problemsOf(sets);
  }
}
