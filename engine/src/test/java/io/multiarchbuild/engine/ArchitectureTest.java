package io.multiarchbuild.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages follow the build pipeline, and each may use only the packages listed for it
 * here (DESIGN.md). A new package must be added to {@link #ALLOWED}; a new arrow between packages is
 * a design decision and is made here, in one place, where a reviewer sees it.
 */
class ArchitectureTest {

  private static final String ROOT = "io.multiarchbuild.engine";

  /** Package → the engine packages it may import (besides itself). Bottom of the pipeline first. */
  static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("common", Set.of()),
          Map.entry("dockerfile", Set.of("common")),
          Map.entry("oci", Set.of("common")),
          Map.entry("progress", Set.of("common")),
          Map.entry("snapshot", Set.of("common", "oci")),
          Map.entry("cache", Set.of("common", "oci")),
          Map.entry("plan", Set.of("common", "dockerfile", "oci")),
          Map.entry("solver", Set.of("common")),
          Map.entry("exec", Set.of("common", "oci")),
          Map.entry("secrets", Set.of("common")),
          Map.entry("registry", Set.of("common", "oci", "progress")),
          Map.entry("export", Set.of("common", "oci", "registry", "progress")),
          Map.entry("remotecache", Set.of("common", "oci", "cache", "registry", "progress")),
          Map.entry("build", Set.of("common", "dockerfile", "plan", "solver", "exec", "snapshot", "cache", "oci", "registry", "export", "remotecache", "progress", "secrets")),
          Map.entry("cli", Set.of("common", "dockerfile", "plan", "oci", "cache", "registry", "export", "remotecache", "progress", "secrets", "build")),
          // the build server runs the command line for its clients; nothing imports it
          Map.entry("server", Set.of("common", "cli")));

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void everyPackage_isDeclaredInTheLayering() {
    Set<String> unknown = new TreeSet<>();
    for (JavaClass c : classes) {
      unknown.add(topPackage(c));
    }
    unknown.removeAll(ALLOWED.keySet());
    assertThat(unknown).as("engine packages missing from ArchitectureTest.ALLOWED").isEmpty();
  }

  @Test
  void packages_importOnlyWhatTheLayeringAllows() {
    List<String> violations = new ArrayList<>();
    for (JavaClass c : classes) {
      String from = topPackage(c);
      Set<String> allowed = ALLOWED.getOrDefault(from, Set.of());
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass();
        if (!target.getPackageName().startsWith(ROOT + ".")) {
          continue;
        }
        String to = topPackage(target);
        if (!to.equals(from) && !allowed.contains(to)) {
          violations.add(from + " -> " + to + ": " + d.getDescription());
        }
      }
    }
    assertThat(violations).as("imports against the pipeline layering").isEmpty();
  }

  @Test
  void engine_neverUsesJenkinsTypes() {
    List<String> jenkins = new ArrayList<>();
    for (JavaClass c : classes) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String pkg = d.getTargetClass().getPackageName();
        if (pkg.startsWith("hudson") || pkg.startsWith("jenkins") || pkg.startsWith("org.jenkinsci")) {
          jenkins.add(d.getDescription());
        }
      }
    }
    assertThat(jenkins).isEmpty();
  }

  private static String topPackage(JavaClass c) {
    String rest = c.getPackageName().substring(ROOT.length() + 1);
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }
}
