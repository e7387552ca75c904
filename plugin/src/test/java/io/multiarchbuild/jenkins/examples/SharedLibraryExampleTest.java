package io.multiarchbuild.jenkins.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyShell;
import groovy.lang.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code examples/shared-library/vars/buildMultiArch.groovy} the way Pipeline calls a global
 * variable ({@code buildMultiArch(...)} → its {@code call(Map)}), with {@code env}, {@code echo},
 * {@code error} and {@code multiArchBuild} supplied by the test, and checks the arguments the wrapper
 * hands to the step. Plain Groovy, not Jenkins' CPS interpreter: it checks the wrapper's logic and
 * syntax, not sandbox approval (README says what needs a live Jenkins).
 */
class SharedLibraryExampleTest {

  static final Path REPO = Path.of(System.getProperty("user.dir")).getParent();
  static final Path WRAPPER = REPO.resolve("examples/shared-library/vars/buildMultiArch.groovy");

  /** The options the step takes (issue 7's step example, plus the named builder set). */
  static final List<String> STEP_OPTIONS = List.of("context", "file", "target", "platforms", "tags", "push",
      "buildArgs", "labels", "secrets", "ssh", "forwardAgent", "registries", "cacheFrom", "cacheTo", "outputs",
      "noCache", "builders", "builderSet");

  static final class PipelineError extends RuntimeException {
    PipelineError(String message) {
      super(message);
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private final List<Map<?, ?>> stepCalls = new ArrayList<>();
  private final List<String> echoed = new ArrayList<>();

  private static Closure<Object> closure(Function<Object[], Object> body) {
    return new Closure<Object>(null) {
      @SuppressWarnings("unused") // called by Groovy
      public Object doCall(Object... args) {
        return body.apply(args);
      }
    };
  }

  private Map<?, ?> run(Map<String, Object> options) throws Exception {
    Binding binding = new Binding();
    binding.setVariable("env", env);
    binding.setVariable("echo", closure(a -> echoed.add(String.valueOf(a[0]))));
    binding.setVariable("error", closure(a -> {
      throw new PipelineError(String.valueOf(a[0]));
    }));
    binding.setVariable("multiArchBuild", closure(a -> {
      stepCalls.add((Map<?, ?>) a[0]);
      return Map.of("digest", "sha256:abc", "imageName", "x", "platforms",
          new LinkedHashMap<>(Map.of("linux/amd64", "sha256:1")), "metadata", Map.of());
    }));
    Script script = new GroovyShell(binding).parse(Files.readString(WRAPPER), "buildMultiArch.groovy");
    script.invokeMethod("call", new Object[] {new LinkedHashMap<>(options)});
    assertThat(stepCalls).hasSize(1);
    return stepCalls.get(0);
  }

  @Test
  void call_onTheDefaultBranch_pushesBranchCommitAndLatestTagsWithRegistryCache() throws Exception {
    env.put("BRANCH_NAME", "main");
    env.put("BUILD_NUMBER", "7");
    env.put("GIT_COMMIT", "0123456789abcdef0123");
    env.put("GIT_URL", "https://git.example.com/shop/api.git");

    Map<?, ?> args = run(Map.of("image", "shop/api"));

    assertThat(args.get("context")).isEqualTo(".");
    assertThat(args.get("file")).isEqualTo("Dockerfile");
    assertThat(args.get("platforms")).isEqualTo(List.of("linux/amd64", "linux/arm64"));
    assertThat(args.get("push")).isEqualTo(true);
    assertThat(args.get("tags")).isEqualTo(List.of("registry.example.com/shop/api:main-7",
        "registry.example.com/shop/api:0123456789ab", "registry.example.com/shop/api:latest"));
    assertThat(args.get("cacheFrom")).isEqualTo(List.of("type=registry,ref=registry.example.com/shop/api:cache-main"));
    assertThat(args.get("cacheTo")).isEqualTo(List.of("type=registry,ref=registry.example.com/shop/api:cache-main,mode=max"));
    assertThat(args.get("registries")).isEqualTo(List.of(Map.of("url", "registry.example.com", "credentialsId", "team-registry")));
    assertThat(args.get("labels")).isEqualTo(Map.of("org.opencontainers.image.revision", "0123456789abcdef0123",
        "org.opencontainers.image.source", "https://git.example.com/shop/api.git"));
    assertThat(STEP_OPTIONS).containsAll(args.keySet().stream().map(String::valueOf).toList());
    assertThat(echoed).first().asString().contains("sha256:abc");
  }

  @Test
  void call_withAContextDirectory_defaultsFileToTheContextsDockerfile() throws Exception {
    env.put("BRANCH_NAME", "main");
    env.put("BUILD_NUMBER", "1");

    Map<?, ?> args = run(Map.of("image", "shop/api", "context", "services/api/"));

    assertThat(args.get("context")).isEqualTo("services/api/");
    assertThat(args.get("file")).isEqualTo("services/api/Dockerfile");
  }

  @Test
  void call_withAContextAndAFile_passesTheFileUnchanged() throws Exception {
    env.put("BRANCH_NAME", "main");
    env.put("BUILD_NUMBER", "1");

    Map<?, ?> args = run(Map.of("image", "shop/api", "context", "services/api", "file", "docker/api.Dockerfile"));

    assertThat(args.get("file")).isEqualTo("docker/api.Dockerfile");
  }

  @Test
  void call_forAChangeRequestOnAFeatureBranch_buildsWithoutPushOrCacheExport() throws Exception {
    env.put("BRANCH_NAME", "feature/Login+UI");
    env.put("BUILD_NUMBER", "3");
    env.put("CHANGE_ID", "42");
    env.put("TEAM_REGISTRY", "reg.local:5000");
    env.put("TEAM_REGISTRY_CREDENTIALS", "ci-push");

    Map<?, ?> args = run(Map.of("image", "shop/api"));

    assertThat(args.get("push")).isEqualTo(false);
    assertThat(args.get("tags")).isEqualTo(List.of("reg.local:5000/shop/api:feature-Login-UI-3"));
    assertThat(args.get("cacheFrom")).isEqualTo(List.of("type=registry,ref=reg.local:5000/shop/api:cache-feature-Login-UI",
        "type=registry,ref=reg.local:5000/shop/api:cache-main"));
    assertThat(args.containsKey("cacheTo")).isFalse();
    assertThat(args.get("registries")).isEqualTo(List.of(Map.of("url", "reg.local:5000", "credentialsId", "ci-push")));
  }

  @Test
  void call_withStepOptions_passesThemThroughAndNoCacheDropsTheCache() throws Exception {
    env.put("BRANCH_NAME", "main");
    env.put("BUILD_NUMBER", "1");
    List<Map<String, String>> secrets = List.of(Map.of("id", "npm_token", "credentialsId", "npm-token"));
    List<Map<String, String>> builders = List.of(Map.of("platform", "linux/arm64", "label", "arm64"));

    Map<String, Object> options = new LinkedHashMap<>();
    options.put("image", "shop/api");
    options.put("target", "prod");
    options.put("secrets", secrets);
    options.put("ssh", List.of(Map.of("id", "default", "credentialsId", "deploy-key")));
    options.put("forwardAgent", true);
    options.put("builders", builders);
    options.put("outputs", List.of("type=local,dest=out"));
    options.put("noCache", true);
    options.put("buildArgs", Map.of("VERSION", "1.2"));
    options.put("labels", Map.of("team", "shop"));
    options.put("registries", List.of());
    options.put("tags", List.of("reg/x:1"));

    Map<?, ?> args = run(options);

    assertThat(args.get("target")).isEqualTo("prod");
    assertThat(args.get("secrets")).isEqualTo(secrets);
    assertThat(args.get("builders")).isEqualTo(builders);
    assertThat(args.get("forwardAgent")).isEqualTo(true);
    assertThat(args.get("outputs")).isEqualTo(List.of("type=local,dest=out"));
    assertThat(args.get("noCache")).isEqualTo(true);
    assertThat(args.get("buildArgs")).isEqualTo(Map.of("VERSION", "1.2"));
    assertThat(args.get("labels")).isEqualTo(Map.of("team", "shop"));
    assertThat(args.get("registries")).isEqualTo(List.of());
    assertThat(args.get("tags")).isEqualTo(List.of("reg/x:1"));
    assertThat(args.containsKey("cacheFrom")).isFalse();
    assertThat(args.containsKey("cacheTo")).isFalse();
    assertThat(STEP_OPTIONS).containsAll(args.keySet().stream().map(String::valueOf).toList());
  }

  @Test
  void call_withAMisspelledOption_failsNamingItBeforeBuilding() {
    assertThatThrownBy(() -> run(Map.of("image", "shop/api", "platfroms", List.of("linux/amd64"))))
        .isInstanceOf(PipelineError.class)
        .hasMessageContaining("unknown option 'platfroms'");
    assertThat(stepCalls).isEmpty();
  }

  @Test
  void call_withoutImage_failsSayingSo() {
    assertThatThrownBy(() -> run(Map.of()))
        .isInstanceOf(PipelineError.class)
        .hasMessageContaining("'image' is required");
  }

  @Test
  void jenkinsfile_parsesRunsTheReadmeTestCommandAndDogfoodsTheStepOnHello() throws Exception {
    String text = Files.readString(REPO.resolve("Jenkinsfile"));
    new GroovyShell().parse(text, "Jenkinsfile"); // syntax only: Declarative's names are resolved at run time
    assertThat(text).contains("sh 'scripts/test-env.sh && mvn -B verify'");
    assertThat(Files.readString(REPO.resolve("README.md"))).contains("`scripts/test-env.sh && mvn -B verify`");
    assertThat(text).contains("multiArchBuild(").contains("context: 'examples/hello'")
        .contains("libraryPath: 'examples/shared-library/'").contains("buildMultiArch(");
  }
}
