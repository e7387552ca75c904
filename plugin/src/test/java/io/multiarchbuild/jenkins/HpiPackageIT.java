package io.multiarchbuild.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the .hpi that {@code mvn package} built and checks it against what maven-hpi-plugin would
 * produce and Jenkins 2.568.1 reads (reference/jenkins-api.md §6, §7).
 */
class HpiPackageIT {
  private static final String INNER_JAR = "WEB-INF/lib/multiarch-build-plugin.jar";
  /** Packages of Jenkins core, its bundled libraries and other plugins: never inside our .hpi. */
  private static final List<String> FOREIGN_PACKAGES = List.of("hudson/", "jenkins/", "org/jenkinsci/",
      "org/kohsuke/", "com/cloudbees/", "org/jvnet/", "net/java/sezpoz/", "com/google/common/",
      "org/springframework/", "edu/umd/cs/findbugs/");

  @TempDir static Path tmp;
  private static Path hpi;
  private static Path innerJar;

  @BeforeAll
  static void openHpi() throws IOException {
    String file = System.getProperty("hpi.file");
    assertThat(file).as("system property hpi.file (set by the failsafe configuration)").isNotNull();
    hpi = Path.of(file);
    assertThat(hpi).as("the .hpi built by mvn package").isRegularFile();
    innerJar = tmp.resolve("multiarch-build-plugin.jar");
    try (JarFile jar = new JarFile(hpi.toFile()); InputStream in = jar.getInputStream(entry(jar, INNER_JAR))) {
      Files.copy(in, innerJar);
    }
  }

  @Test
  void hpi_layout_isManifestAndWebInfLibOnly() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(hpi.toFile())) {
      jar.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")).forEach(names::add);
    }

    assertThat(names).contains("META-INF/MANIFEST.MF", INNER_JAR);
    assertThat(names).allMatch(n -> n.startsWith("WEB-INF/lib/") || n.startsWith("META-INF/"), "only META-INF and WEB-INF/lib");
    assertThat(names).noneMatch(n -> n.startsWith("WEB-INF/classes/"));
  }

  @Test
  void webInfLib_bundlesTheEngineAndItsRuntimeLibraries_butNoDeclarationsOrJenkinsLibraries() throws IOException {
    Set<String> artifacts = new TreeSet<>();
    try (JarFile jar = new JarFile(hpi.toFile())) {
      jar.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
          .map(n -> n.substring("WEB-INF/lib/".length()).replaceFirst("-\\d.*\\.jar$", "").replaceFirst("\\.jar$", ""))
          .forEach(artifacts::add);
    }

    // Jackson 2 is not in Jenkins core (it comes from the jackson2-api plugin), so the engine's copy
    // is bundled; picocli is the engine's CLI library; commons-compress (+ its commons-io/-lang3/-codec)
    // and zstd-jni write layers; sshd-common + eddsa serve the in-process ssh-agent; docker-java's
    // transport (+ JNA) talks to a Docker Engine for --load. SLF4J is excluded: core provides it. A new
    // runtime dependency of the engine must be added here on purpose, after checking Jenkins core does
    // not already provide it.
    assertThat(artifacts).doesNotContain("multiarch-build-jenkins-api", "guava", "sezpoz", "spring-security-core", "slf4j-api");
    assertThat(artifacts).containsExactlyInAnyOrder("multiarch-build-plugin", "multiarch-build-engine",
        "picocli", "jackson-core", "jackson-databind", "jackson-annotations",
        "commons-compress", "commons-io", "commons-lang3", "commons-codec", "zstd-jni",
        "sshd-common", "eddsa", "docker-java-transport", "docker-java-transport-zerodep", "jna");
  }

  @Test
  void bundledJars_containNoJenkinsOrJenkinsBundledClasses() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (JarFile jar = new JarFile(hpi.toFile())) {
      for (ZipEntry lib : jar.stream().filter(e -> e.getName().endsWith(".jar")).toList()) {
        try (JarInputStream in = new JarInputStream(jar.getInputStream(lib))) {
          for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            String name = e.getName();
            if (name.endsWith(".class") && FOREIGN_PACKAGES.stream().anyMatch(name::startsWith)) {
              offenders.add(lib.getName() + "!" + name);
            }
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void manifests_ofHpiAndPluginJar_carryThePluginAttributes() throws IOException {
    Manifest outer;
    try (JarFile jar = new JarFile(hpi.toFile())) {
      outer = jar.getManifest();
    }
    Manifest inner;
    try (JarFile jar = new JarFile(innerJar.toFile())) {
      inner = jar.getManifest();
    }
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Manifest-Version", "1.0");
    expected.put("Short-Name", "multiarch-build");
    expected.put("Long-Name", "multiarch-build");
    expected.put("Plugin-Version", "0.1.0-SNAPSHOT");
    expected.put("Jenkins-Version", "2.568.1");
    expected.put("Hudson-Version", "2.568.1");
    expected.put("Group-Id", "io.multiarchbuild");
    expected.put("Artifact-Id", "multiarch-build-plugin");
    expected.put("Plugin-Developers", "");
    expected.put("Plugin-Dependencies", "credentials:1511.v2e3cb_0008ef0,plain-credentials:199.v9f8e1f741799,"
        + "ssh-credentials:372.va_250881b_08cd,workflow-step-api:724.v538c2362b_dfb_");
    expected.put("Specification-Title", "multiarch-build");
    expected.put("Specification-Version", "0.1");
    expected.put("Implementation-Title", "multiarch-build");
    expected.put("Implementation-Version", "0.1.0-SNAPSHOT");

    for (Manifest m : List.of(outer, inner)) {
      Attributes a = m.getMainAttributes();
      expected.forEach((k, v) -> assertThat(a.getValue(k)).as(k).isEqualTo(v));
      // Current maven-hpi-plugin writes none of these (reference/jenkins-api.md §6.2): plain
      // @Extension means "dynamic loading: maybe" (attribute absent); Minimum-Java-Version and
      // Extension-Name are no longer written or read; Plugin-Class is legacy.
      assertThat(a.getValue("Support-Dynamic-Loading")).isNull();
      assertThat(a.getValue("Minimum-Java-Version")).isNull();
      assertThat(a.getValue("Extension-Name")).isNull();
      assertThat(a.getValue("Plugin-Class")).isNull();
    }
  }

  @Test
  void pluginDependencies_parseAsJenkinsReadsThem() throws IOException {
    String deps;
    try (JarFile jar = new JarFile(hpi.toFile())) {
      deps = jar.getManifest().getMainAttributes().getValue("Plugin-Dependencies");
    }
    Pattern entry = Pattern.compile("[a-z0-9-]+:[0-9][A-Za-z0-9._-]*");

    assertThat(deps.split(",")).allMatch(d -> entry.matcher(d).matches(), "name:version, none optional");
  }

  @Test
  void extensionIndex_listsEveryExtension_readWithSezPoz() throws IOException {
    Set<String> extensions = new TreeSet<>();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {innerJar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
        extensions.add(item.className());
      }
    }

    assertThat(extensions).containsExactly(
        "io.multiarchbuild.jenkins.config.BuilderSet$DescriptorImpl",
        "io.multiarchbuild.jenkins.config.LabelBuilder$DescriptorImpl",
        "io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration",
        "io.multiarchbuild.jenkins.step.BuilderOption$DescriptorImpl",
        "io.multiarchbuild.jenkins.step.MultiArchBuildBuilder$DescriptorImpl",
        "io.multiarchbuild.jenkins.step.MultiArchBuildStep$DescriptorImpl",
        "io.multiarchbuild.jenkins.step.RegistryOption$DescriptorImpl",
        "io.multiarchbuild.jenkins.step.SecretOption$DescriptorImpl",
        "io.multiarchbuild.jenkins.step.SshOption$DescriptorImpl");
  }

  @Test
  void symbolIndex_listsEverySymbolAnnotatedClass() throws IOException {
    String index;
    try (JarFile jar = new JarFile(innerJar.toFile());
        InputStream in = jar.getInputStream(entry(jar, "META-INF/services/annotations/org.jenkinsci.Symbol"))) {
      index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(index.lines()).containsExactly(
        "io.multiarchbuild.jenkins.config.BuilderSet$DescriptorImpl",
        "io.multiarchbuild.jenkins.config.LabelBuilder$DescriptorImpl",
        "io.multiarchbuild.jenkins.config.MultiArchBuildConfiguration",
        "io.multiarchbuild.jenkins.step.MultiArchBuildStep$DescriptorImpl");
  }

  @Test
  void pluginJar_holdsViewsAtStaplerPaths_andJava17Classes() throws IOException {
    try (JarFile jar = new JarFile(innerJar.toFile())) {
      for (String view : List.of("index.jelly",
          "io/multiarchbuild/jenkins/config/MultiArchBuildConfiguration/config.jelly",
          "io/multiarchbuild/jenkins/config/BuilderSet/config.jelly",
          "io/multiarchbuild/jenkins/config/LabelBuilder/config.jelly",
          "io/multiarchbuild/jenkins/config/Messages.properties",
          "io/multiarchbuild/jenkins/step/MultiArchBuildStep/config.jelly",
          "io/multiarchbuild/jenkins/step/MultiArchBuildBuilder/config.jelly",
          "io/multiarchbuild/jenkins/step/SecretOption/config.jelly",
          "io/multiarchbuild/jenkins/step/SshOption/config.jelly",
          "io/multiarchbuild/jenkins/step/RegistryOption/config.jelly",
          "io/multiarchbuild/jenkins/step/BuilderOption/config.jelly")) {
        assertThat(jar.getEntry(view)).as(view).isNotNull();
      }
      try (InputStream in = jar.getInputStream(
          entry(jar, "io/multiarchbuild/jenkins/config/MultiArchBuildConfiguration.class"))) {
        byte[] header = in.readNBytes(8);
        assertThat(header[7]).as("class file major version (61 = Java 17)").isEqualTo((byte) 61);
      }
    }
  }

  private static ZipEntry entry(JarFile jar, String name) {
    ZipEntry e = jar.getEntry(name);
    assertThat(e).as(name + " in " + jar.getName()).isNotNull();
    return e;
  }
}
