package io.multiarchbuild.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/multiarch-build}, run as a user runs it: a copy of the script and of the
 * built jar in a temporary directory laid out like the repository, real builds of a context with a
 * RUN. Which JVM the launcher should pick is computed here from the machine (the newest JDK 25+
 * under /usr/lib/jvm, else {@code java} on PATH), so the same assertions hold on a machine with
 * only JDK 17 (AppCDS archive) and on one with JDK 25 (AOT cache). JDK 17 is checked on every
 * machine by naming it.
 */
class LauncherIT {

  private static final Path JDK_17_JAVA = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Pattern VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"([^\"]+)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Path launcher;
  private Path jarDir;
  private Path context;

  @BeforeAll
  static void environment() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireRunc();
    TestEnvironment.requireExecutable("JDK 17 (the README's set-up)", JDK_17_JAVA.toString());
  }

  @BeforeEach
  void layOutRepository() throws IOException {
    // failsafe runs in the engine module after `package`, so the runnable jar is in target/
    Path builtJar = Path.of("target/multiarch-build.jar");
    Path script = Path.of("../bin/multiarch-build");
    assertThat(builtJar).as("run after mvn package").isRegularFile();
    assertThat(script).isRegularFile();
    Path repo = temp.resolve("repo");
    jarDir = Files.createDirectories(repo.resolve("engine/target"));
    Files.copy(builtJar, jarDir.resolve("multiarch-build.jar"));
    launcher = Files.createDirectories(repo.resolve("bin")).resolve("multiarch-build");
    Files.copy(script, launcher, StandardCopyOption.COPY_ATTRIBUTES);
    context = Files.createDirectories(temp.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"),
        "FROM " + TestEnvironment.BASE_IMAGE + "\nRUN echo launched > /launched.txt\n");
  }

  @Test
  void build_withTheDefaultJava_recordsOneArchiveThatTheNextRunMaps() throws Exception {
    Path java = expectedDefaultJava();
    String ext = majorOf(java) >= 25 ? "aot" : "jsa";

    Cmd.Result first = build("out1", List.of());
    assertClean(first);
    assertThat(first.stdout()).as("stdout may carry an image tar; the JVM says nothing there").isEmpty();
    Path archive = onlyArchive(ext);
    assertThat(archive.getFileName().toString()).contains(identity(java));
    String sum = sha256(archive);
    FileTime written = Files.getLastModifiedTime(archive);

    // -XX:AOTMode=on / -Xshare:on make the JVM fail when it cannot map the archive
    Cmd.Result second = build("out2", List.of("MULTIARCH_BUILD_JAVA_OPTS=" + mustMap(ext)));
    assertClean(second);
    assertThat(digest("out2")).isEqualTo(digest("out1"));
    assertThat(onlyArchive(ext)).isEqualTo(archive);
    assertThat(Files.getLastModifiedTime(archive)).isEqualTo(written);
    assertThat(sha256(archive)).isEqualTo(sum);
  }

  @Test
  void build_withJdk17Named_recordsAnAppCdsArchiveThatTheNextRunMaps() throws Exception {
    String named = "MULTIARCH_BUILD_JAVA=" + JDK_17_JAVA;
    assertClean(build("out1", List.of(named)));
    Path archive = onlyArchive("jsa");
    assertThat(archive.getFileName().toString()).contains(identity(JDK_17_JAVA.toRealPath()));
    Cmd.Result second = build("out2", List.of(named, "MULTIARCH_BUILD_JAVA_OPTS=-Xshare:on"));
    assertClean(second);
    assertThat(digest("out2")).isEqualTo(digest("out1"));
  }

  @Test
  void build_withADamagedArchive_runsWithoutAWord() throws Exception {
    String ext = majorOf(expectedDefaultJava()) >= 25 ? "aot" : "jsa";
    assertClean(build("out1", List.of()));
    Path archive = onlyArchive(ext);
    byte[] junk = new byte[64 * 1024];
    new Random(7).nextBytes(junk);
    Files.write(archive, junk);

    Cmd.Result second = build("out2", List.of());
    assertClean(second);
    assertThat(second.stdout()).isEmpty();
    assertThat(digest("out2")).isEqualTo(digest("out1"));
    assertThat(Files.readAllBytes(onlyArchive(ext))).as("kept, not retrained").isEqualTo(junk);
  }

  @Test
  void imageInspect_recordsItsOwnCacheOnJdk25AndNothingOnAppCds() throws Exception {
    boolean aot = majorOf(expectedDefaultJava()) >= 25;
    Cmd.Result first = launch(List.of(), "image", "inspect", TestEnvironment.BASE_IMAGE);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    assertThat(first.stderr()).isEmpty();
    if (!aot) {
      // AppCDS: registry commands map the build's archive when there is one, and record none
      assertThat(archives()).isEmpty();
      return;
    }
    Path archive = onlyArchive("aot");
    assertThat(archive.getFileName().toString()).endsWith(".image.aot");
    Cmd.Result second = launch(List.of("MULTIARCH_BUILD_JAVA_OPTS=-XX:AOTMode=on"), "image", "inspect",
        TestEnvironment.BASE_IMAGE);
    assertThat(second.exitCode()).as(second.describe()).isZero();
    assertThat(second.stderr()).isEmpty();
    assertThat(second.stdout()).isEqualTo(first.stdout());

    // a build then records the build's own cache next to it
    assertClean(build("out1", List.of()));
    assertThat(archives()).hasSize(2).contains(archive);
  }

  @Test
  void imageCopy_fromARegistry_recordsAPullCacheApartFromTheOtherImageCommands() throws Exception {
    boolean aot = majorOf(expectedDefaultJava()) >= 25;
    Path layout = temp.resolve("pulled");
    Cmd.Result pull = launch(List.of(), "image", "copy", "--platform", "linux/amd64",
        "docker://" + TestEnvironment.BASE_IMAGE, "oci:" + layout + ":v1");
    assertThat(pull.exitCode()).as(pull.describe()).isZero();
    assertThat(pull.stderr()).isEmpty();
    if (!aot) {
      assertThat(archives()).isEmpty();
      return;
    }
    Path pullCache = onlyArchive("aot");
    assertThat(pullCache.getFileName().toString()).endsWith(".pull.image.aot");

    // a command whose first location is local (here: an inspect of the layout) gets the other one
    Cmd.Result local = launch(List.of(), "image", "inspect", "oci:" + layout + ":v1");
    assertThat(local.exitCode()).as(local.describe()).isZero();
    assertThat(archives()).hasSize(2).contains(pullCache)
        .anyMatch(a -> a.getFileName().toString().endsWith(".jar." + key(pullCache) + ".image.aot"));
  }

  @Test
  void build_withCdsOff_recordsNothing() throws Exception {
    assertClean(build("out1", List.of("MULTIARCH_BUILD_CDS=0")));
    assertThat(archives()).isEmpty();
  }

  @Test
  void launcher_withJavaOlderThan17_failsWithOneLine() throws Exception {
    Path java = fakeJdk("jdk11", "11.0.2", true);
    Cmd.Result r = launch(List.of("MULTIARCH_BUILD_JAVA=" + java), "--version");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().strip().lines().toList()).singleElement(InstanceOfAssertFactories.STRING)
        .contains("Java 11.0.2").contains("JDK 17 or newer");
  }

  @Test
  void launcher_prefersMultiarchBuildJavaThenJavaHome() throws Exception {
    Path home24 = fakeJdk("jdk24", "24.0.1", true).getParent().getParent();
    Path java21 = fakeJdk("jdk21", "21.0.5", true);

    Cmd.Result viaHome = launch(List.of("JAVA_HOME=" + home24), "--version");
    assertThat(viaHome.exitCode()).as(viaHome.describe()).isZero();
    assertThat(viaHome.stdout()).startsWith("fake " + home24.resolve("bin/java") + ":")
        .contains(" --enable-native-access=ALL-UNNAMED ").contains(" --version");

    Cmd.Result viaNamed = launch(List.of("JAVA_HOME=" + home24, "MULTIARCH_BUILD_JAVA=" + java21), "--version");
    assertThat(viaNamed.exitCode()).as(viaNamed.describe()).isZero();
    assertThat(viaNamed.stdout()).startsWith("fake " + java21 + ":").doesNotContain("native-access");
  }

  @Test
  void launcher_withoutAReleaseFile_asksTheJavaForItsVersion() throws Exception {
    Path java = fakeJdk("jdk-norelease", "25.0.1", false);
    Cmd.Result r = launch(List.of("MULTIARCH_BUILD_JAVA=" + java), "--version");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.stdout()).startsWith("fake " + java + ":").contains(" --enable-native-access=ALL-UNNAMED ");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Cmd.Result build(String out, List<String> env) {
    Path cacheTo = temp.resolve("cache-export-" + out);
    Cmd.Result r = launch(env, "build", "--platform", "linux/amd64", "--progress=plain",
        "--cache-dir", temp.resolve("cache").toString(),
        // zstd: the layer compressor is native code (zstd-jni), which JDK 24+ warns about unless allowed
        "--cache-to", "type=local,dest=" + cacheTo + ",mode=max,compression=zstd",
        "--output", "type=oci,tar=false,dest=" + temp.resolve(out), context.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return r;
  }

  /** Runs the launcher with a clean choice of JVM: only the variables in {@code env} say which. */
  private Cmd.Result launch(List<String> env, String... args) {
    List<String> command = new ArrayList<>(List.of("env", "-u", "JAVA_HOME", "-u", "MULTIARCH_BUILD_JAVA",
        "-u", "MULTIARCH_BUILD_JAVA_OPTS", "-u", "MULTIARCH_BUILD_CDS", "-u", "JAVA_TOOL_OPTIONS", "-u", "JDK_JAVA_OPTIONS",
        // in-process, as these tests check what the launcher runs (the build server has ServerIT)
        "MULTIARCH_BUILD_SERVER=0"));
    command.addAll(env);
    command.add(launcher.toString());
    command.addAll(List.of(args));
    return Cmd.run(command, TIMEOUT, temp, Map.of(), null);
  }

  private static void assertClean(Cmd.Result r) {
    assertThat(r.stderr().lines())
        .as("JVM remarks on the user's progress stream:\n" + r.stderr())
        .noneMatch(l -> l.startsWith("WARNING") || l.startsWith("[") || l.startsWith("Picked up")
            || l.contains("AOTConfiguration") || l.contains("AOTCache") || l.contains("VM warning"));
  }

  private static String mustMap(String ext) {
    return ext.equals("aot") ? "-XX:AOTMode=on" : "-Xshare:on";
  }

  /** The jar/JVM key part of an archive's name ({@code <jar>.<key>[.family].<ext>}). */
  private static String key(Path archive) {
    String name = archive.getFileName().toString();
    String rest = name.substring(name.indexOf(".jar.") + ".jar.".length());
    return rest.substring(0, rest.indexOf('.'));
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(jarDir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("multiarch-build.jar."))
          .sorted().toList();
    }
  }

  /** The one file the launcher left next to the jar (no temporary files either). */
  private Path onlyArchive(String ext) throws IOException {
    List<Path> all = archives();
    assertThat(all).hasSize(1);
    assertThat(all.get(0).getFileName().toString()).endsWith("." + ext);
    return all.get(0);
  }

  private String digest(String out) throws IOException {
    return JSON.readTree(temp.resolve(out).resolve("index.json").toFile())
        .path("manifests").path(0).path("digest").asText();
  }

  /** The part of the archive name that names the java binary: its size and mtime. */
  private static String identity(Path java) throws IOException {
    return "-" + Files.size(java) + "-" + Files.getLastModifiedTime(java).toMillis() / 1000 + ".";
  }

  /** What the launcher should run with none of MULTIARCH_BUILD_JAVA / JAVA_HOME set. */
  static Path expectedDefaultJava() throws IOException {
    Path best = null;
    String bestVersion = null;
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(Path.of("/usr/lib/jvm"))) {
      for (Path home : homes) {
        String v = releaseVersion(home);
        if (v != null && major(v) >= 25 && Files.isExecutable(home.resolve("bin/java"))
            && (bestVersion == null || compare(v, bestVersion) > 0)) {
          best = home.resolve("bin/java");
          bestVersion = v;
        }
      }
    }
    if (best != null) {
      return best.toRealPath();
    }
    for (String dir : System.getenv("PATH").split(":")) {
      Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
      if (Files.isExecutable(java)) {
        return java.toRealPath();
      }
    }
    throw new AssertionError("no java on PATH and no JDK 25+ under /usr/lib/jvm");
  }

  private static int majorOf(Path java) throws IOException {
    String v = releaseVersion(java.toRealPath().getParent().getParent());
    assertThat(v).as("release file of " + java).isNotNull();
    return major(v);
  }

  private static String releaseVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release)) {
      return null;
    }
    try {
      Matcher m = VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
      return m.find() ? m.group(1) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int major(String version) {
    String[] f = version.split("[^0-9]+");
    int m = Integer.parseInt(f[0]);
    return m == 1 && f.length > 1 ? Integer.parseInt(f[1]) : m;
  }

  private static int compare(String a, String b) {
    String[] x = a.split("[^0-9]+");
    String[] y = b.split("[^0-9]+");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /**
   * A JDK home whose bin/java prints "fake PATH: ARGS" (and, for -version, the version as a JVM
   * does, on stderr) — enough to see which binary the launcher picks and with which flags.
   */
  private Path fakeJdk(String name, String version, boolean releaseFile) throws IOException {
    Path home = temp.resolve(name);
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n"
        + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2025-01-01' >&2; exit 0; fi\n"
        + "echo \"fake $0: $* \"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    if (releaseFile) {
      Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
    }
    return java.toRealPath();
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
