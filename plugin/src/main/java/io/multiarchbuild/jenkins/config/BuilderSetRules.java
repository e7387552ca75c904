package io.multiarchbuild.jenkins.config;

import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a builder-set configuration must follow, as plain Java so they are tested without a
 * Jenkins runtime. Each check returns the user-facing message of the first problem, or empty.
 */
final class BuilderSetRules {
  /** Set names are typed into Pipeline scripts ({@code builderSet: 'arm'}), so keep them simple. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private BuilderSetRules() {}

  static Optional<String> checkName(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of(Messages.get("BuilderSet.NameRequired"));
    }
    if (!NAME.matcher(name.trim()).matches()) {
      return Optional.of(Messages.get("BuilderSet.NameInvalid", name.trim()));
    }
    return Optional.empty();
  }

  static Optional<String> checkPlatform(String platform) {
    if (platform == null || platform.isBlank()) {
      return Optional.of(Messages.get("PlatformBuilder.PlatformRequired"));
    }
    try {
      Platform.parse(platform.trim());
      return Optional.empty();
    } catch (InvalidPlatformException e) {
      return Optional.of(Messages.get("PlatformBuilder.PlatformInvalid", platform.trim()));
    }
  }

  static Optional<String> checkLabel(String label) {
    if (label == null || label.isBlank()) {
      return Optional.of(Messages.get("LabelBuilder.LabelRequired"));
    }
    return Optional.empty();
  }

  /** Every problem of one set: its name, each builder, and platforms that appear twice. */
  static List<String> problemsOf(BuilderSet set) {
    List<String> problems = new ArrayList<>();
    checkName(set.getName()).ifPresent(problems::add);
    String where = set.getName() == null ? "" : set.getName();
    if (set.getBuilders().isEmpty()) {
      problems.add(Messages.get("BuilderSet.NoBuilders", where));
    }
    Map<Platform, String> seen = new HashMap<>();
    for (PlatformBuilder builder : set.getBuilders()) {
      for (String problem : builder.problems()) {
        problems.add(Messages.get("BuilderSet.InSet", where, problem));
      }
      builder.parsedPlatform().ifPresent(platform -> {
        String first = seen.putIfAbsent(platform, builder.getPlatform());
        if (first != null) {
          problems.add(Messages.get("BuilderSet.DuplicatePlatform", where, platform));
        }
      });
    }
    return problems;
  }

  /** Every problem of a whole configuration, including set names used twice. */
  static List<String> problemsOf(List<BuilderSet> sets) {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (BuilderSet set : sets) {
      problems.addAll(problemsOf(set));
      if (set.getName() != null && !names.add(set.getName())) {
        problems.add(Messages.get("BuilderSet.DuplicateName", set.getName()));
      }
    }
    return problems;
  }
}
