package io.multiarchbuild.jenkins.step;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.Descriptor;
import hudson.tasks.Builder;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import jenkins.tasks.SimpleBuildStep;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What Pipeline's argument binding (structs), the Snippet Generator and Stapler read by reflection
 * from the step, the freestyle builder and the nested options (reference/jenkins-api.md §9.2).
 */
class StepShapeTest {
  /** The options of issue 7, by name. */
  private static final List<String> OPTIONS = List.of("context", "file", "target", "platforms", "tags", "push",
      "buildArgs", "labels", "secrets", "ssh", "forwardAgent", "registries", "cacheFrom", "cacheTo", "outputs",
      "noCache", "builders", "builderSet");

  @Test
  void step_everyOptionIsADataBoundSetterWithAGetter_andTheConstructorTakesNone() throws Exception {
    assertThat(Step.class).isAssignableFrom(MultiArchBuildStep.class);
    assertThat(MultiArchBuildStep.class.getConstructor().getAnnotation(DataBoundConstructor.class)).isNotNull();
    assertThat(setters(MultiArchBuildStep.class)).containsExactlyInAnyOrderElementsOf(OPTIONS);
    for (String option : OPTIONS) {
      assertThat(getter(MultiArchBuildStep.class, option)).as("getter of " + option).isNotNull();
    }
  }

  @Test
  void step_listAndMapOptions_carryTheirElementTypes() throws Exception {
    assertThat(elementTypes(MultiArchBuildStep.class, "setPlatforms")).containsExactly(String.class);
    assertThat(elementTypes(MultiArchBuildStep.class, "setBuildArgs")).containsExactly(String.class, String.class);
    assertThat(elementTypes(MultiArchBuildStep.class, "setSecrets")).containsExactly(SecretOption.class);
    assertThat(elementTypes(MultiArchBuildStep.class, "setSsh")).containsExactly(SshOption.class);
    assertThat(elementTypes(MultiArchBuildStep.class, "setRegistries")).containsExactly(RegistryOption.class);
    assertThat(elementTypes(MultiArchBuildStep.class, "setBuilders")).containsExactly(BuilderOption.class);
  }

  @Test
  void stepDescriptor_isTheMultiArchBuildFunction() {
    Class<MultiArchBuildStep.DescriptorImpl> d = MultiArchBuildStep.DescriptorImpl.class;

    assertThat(StepDescriptor.class).isAssignableFrom(d);
    assertThat(d.getAnnotation(Extension.class)).isNotNull();
    assertThat(d.getAnnotation(Symbol.class).value()).containsExactly("multiArchBuild");
    assertThat(Modifier.isStatic(d.getModifiers()) && Modifier.isPublic(d.getModifiers())).isTrue();
  }

  @Test
  void freestyleBuilder_isASimpleBuildStep_withTheSameOptions_andNoConflictingSymbol() throws Exception {
    assertThat(Builder.class).isAssignableFrom(MultiArchBuildBuilder.class);
    assertThat(SimpleBuildStep.class).isAssignableFrom(MultiArchBuildBuilder.class);
    Method perform = MultiArchBuildBuilder.class.getDeclaredMethod("perform", hudson.model.Run.class, hudson.FilePath.class,
        hudson.EnvVars.class, hudson.Launcher.class, hudson.model.TaskListener.class);
    assertThat(Modifier.isPublic(perform.getModifiers())).isTrue();
    assertThat(setters(MultiArchBuildBuilder.class)).containsExactlyInAnyOrderElementsOf(OPTIONS);
    assertThat(MultiArchBuildBuilder.DescriptorImpl.class.getAnnotation(Extension.class)).isNotNull();
    assertThat(MultiArchBuildBuilder.DescriptorImpl.class.getAnnotation(Symbol.class)).isNull();
  }

  @Test
  void nestedOptions_areDescribablesBoundByNamedConstructorParameters() throws Exception {
    assertNested(SecretOption.class, "id", "credentialsId");
    assertNested(SshOption.class, "id", "credentialsId");
    assertNested(RegistryOption.class, "url", "credentialsId");
    assertNested(BuilderOption.class, "platform", "label");
  }

  @Test
  void everyField_hasAConfigEntryAndHelp() {
    assertViewAndHelp(MultiArchBuildBuilder.class, OPTIONS);
    assertViewAndHelp(MultiArchBuildStep.class, List.of("context", "file", "target", "push", "secrets", "ssh",
        "forwardAgent", "registries", "noCache", "builders", "builderSet"));
    for (String option : OPTIONS) {
      assertThat(resource(MultiArchBuildStep.class, "help-" + option + ".html")).as("step help for " + option).isNotNull();
    }
    assertViewAndHelp(SecretOption.class, List.of("id", "credentialsId"));
    assertViewAndHelp(SshOption.class, List.of("id", "credentialsId"));
    assertViewAndHelp(RegistryOption.class, List.of("url", "credentialsId"));
    assertViewAndHelp(BuilderOption.class, List.of("platform", "label"));
  }

  @Test
  void freestyleOptions_textAreasMapToTheSameStepOptions() {
    MultiArchBuildBuilder b = newBuilder();
    b.setPlatforms("linux/amd64\nlinux/arm64");
    b.setTags("registry.example.com/a:1");
    b.setBuildArgs("VERSION=1.2\n");
    b.setCacheFrom("type=registry,ref=registry.example.com/a:cache");
    b.setPush(true);

    StepOptions o = b.toOptions();

    assertThat(o.platforms()).containsExactly("linux/amd64", "linux/arm64");
    assertThat(o.tags()).containsExactly("registry.example.com/a:1");
    assertThat(o.buildArgs()).containsExactly(Map.entry("VERSION", "1.2"));
    assertThat(o.cacheFrom()).containsExactly("type=registry,ref=registry.example.com/a:cache");
    assertThat(o.push()).isTrue();
    assertThat(o.context()).isEqualTo(".");
    assertThat(o.file()).isNull();
  }

  /** The Builder's superclass constructor is a compile-only declaration; allocate without running it. */
  private static MultiArchBuildBuilder newBuilder() {
    try {
      var f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      MultiArchBuildBuilder b = (MultiArchBuildBuilder) ((sun.misc.Unsafe) f.get(null)).allocateInstance(MultiArchBuildBuilder.class);
      for (String field : List.of("context", "file", "target", "platforms", "tags", "buildArgs", "labels", "cacheFrom",
          "cacheTo", "outputs", "builderSet")) {
        var fl = MultiArchBuildBuilder.class.getDeclaredField(field);
        fl.setAccessible(true);
        fl.set(b, field.equals("context") ? "." : "");
      }
      for (String field : List.of("secrets", "ssh", "registries", "builders")) {
        var fl = MultiArchBuildBuilder.class.getDeclaredField(field);
        fl.setAccessible(true);
        fl.set(b, new java.util.ArrayList<>());
      }
      return b;
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertNested(Class<?> type, String... params) throws Exception {
    var ctor = Arrays.stream(type.getConstructors()).filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).findFirst().orElseThrow();
    assertThat(Arrays.stream(ctor.getParameters()).map(java.lang.reflect.Parameter::getName)).containsExactly(params);
    for (String p : params) {
      assertThat(getter(type, p)).as(type.getSimpleName() + " getter " + p).isNotNull();
    }
    Class<?> d = Class.forName(type.getName() + "$DescriptorImpl");
    assertThat(Descriptor.class).isAssignableFrom(d);
    assertThat(d.getAnnotation(Extension.class)).isNotNull();
  }

  private static TreeSet<String> setters(Class<?> type) {
    TreeSet<String> out = new TreeSet<>();
    for (Method m : type.getMethods()) {
      if (m.isAnnotationPresent(DataBoundSetter.class)) {
        assertThat(m.getParameterCount()).isEqualTo(1);
        String n = m.getName().substring(3);
        out.add(Character.toLowerCase(n.charAt(0)) + n.substring(1));
      }
    }
    return out;
  }

  private static Method getter(Class<?> type, String option) {
    String cap = Character.toUpperCase(option.charAt(0)) + option.substring(1);
    for (String name : List.of("get" + cap, "is" + cap)) {
      try {
        return type.getMethod(name);
      } catch (NoSuchMethodException e) {
        // try the other form
      }
    }
    return null;
  }

  private static List<Type> elementTypes(Class<?> type, String setter) {
    Method m = Arrays.stream(type.getMethods()).filter(x -> x.getName().equals(setter)).findFirst().orElseThrow();
    return List.of(((ParameterizedType) m.getGenericParameterTypes()[0]).getActualTypeArguments());
  }

  private static java.net.URL resource(Class<?> type, String file) {
    return StepShapeTest.class.getClassLoader().getResource(type.getName().replace('.', '/').replace('$', '/') + "/" + file);
  }

  private static void assertViewAndHelp(Class<?> type, List<String> fields) {
    java.net.URL config = resource(type, "config.jelly");
    assertThat(config).as(type.getSimpleName() + "/config.jelly").isNotNull();
    String jelly;
    try (var in = config.openStream()) {
      jelly = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (String f : fields) {
      assertThat(jelly).as(type.getSimpleName() + " config.jelly field " + f).contains("field=\"" + f + "\"");
      assertThat(resource(type, "help-" + f + ".html")).as(type.getSimpleName() + " help-" + f).isNotNull();
    }
  }
}
