package io.multiarchbuild.jenkins.config;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.util.Arrays;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What Jenkins' data binding (Stapler, structs) and extension loading read by reflection from the
 * compiled classes; no Jenkins runtime needed. See reference/jenkins-api.md §1 rules 7 and 11, §9.2.
 */
class DataBindingShapeTest {

  @Test
  void labelBuilder_boundByNamedConstructorParameters_withGetters() throws Exception {
    Constructor<?> ctor = dataBoundConstructor(LabelBuilder.class);

    assertThat(names(ctor.getParameters())).containsExactly("platform", "label");
    assertThat(LabelBuilder.class.getMethod("getPlatform").getReturnType()).isEqualTo(String.class);
    assertThat(LabelBuilder.class.getMethod("getLabel").getReturnType()).isEqualTo(String.class);
  }

  @Test
  void builderSet_boundByNameAndGenericBuilderList() throws Exception {
    Constructor<?> ctor = dataBoundConstructor(BuilderSet.class);

    assertThat(names(ctor.getParameters())).containsExactly("name", "builders");
    // structs picks the element type from the generic signature; a raw List would not bind
    ParameterizedType builders = (ParameterizedType) ctor.getGenericParameterTypes()[1];
    assertThat(builders.getActualTypeArguments()).containsExactly(PlatformBuilder.class);
    assertThat(BuilderSet.class.getMethod("getName").getReturnType()).isEqualTo(String.class);
    assertThat(BuilderSet.class.getMethod("getBuilders").getReturnType()).isEqualTo(List.class);
  }

  @Test
  void configuration_isAGlobalConfigurationExtension_withSetterBoundList() throws Exception {
    Class<MultiArchBuildConfiguration> c = MultiArchBuildConfiguration.class;
    Method setter = c.getMethod("setBuilderSets", List.class);

    assertThat(GlobalConfiguration.class).isAssignableFrom(c);
    assertThat(c.getAnnotation(Extension.class)).isNotNull();
    assertThat(c.getAnnotation(Symbol.class).value()).containsExactly("multiArchBuild");
    assertThat(c.getConstructor().getParameterCount()).isZero();
    assertThat(setter.getAnnotation(DataBoundSetter.class)).isNotNull();
    assertThat(((ParameterizedType) setter.getGenericParameterTypes()[0]).getActualTypeArguments())
        .containsExactly(BuilderSet.class);
    assertThat(c.getMethod("getBuilderSets").getReturnType()).isEqualTo(List.class);
  }

  @Test
  void descriptors_arePublicStaticExtensionsWithSymbols() throws Exception {
    assertExtensionDescriptor(LabelBuilder.DescriptorImpl.class, PlatformBuilder.class, "label");
    assertExtensionDescriptor(BuilderSet.DescriptorImpl.class, BuilderSet.class, "builderSet");
  }

  @Test
  void platformBuilder_isAnOpenExtensionPointForBuilderKinds() {
    assertThat(Modifier.isAbstract(PlatformBuilder.class.getModifiers())).isTrue();
    assertThat(Modifier.isAbstract(PlatformBuilder.PlatformBuilderDescriptor.class.getModifiers())).isTrue();
    assertThat(PlatformBuilder.PlatformBuilderDescriptor.class.getSuperclass()).isEqualTo(Descriptor.class);
    assertThat(LabelBuilder.DescriptorImpl.class.getSuperclass()).isEqualTo(PlatformBuilder.PlatformBuilderDescriptor.class);
  }

  @Test
  void formChecks_arePostOnlyWebMethodsReadingTheValueParameter() throws Exception {
    assertFormCheck(PlatformBuilder.PlatformBuilderDescriptor.class.getMethod("doCheckPlatform", String.class));
    assertFormCheck(LabelBuilder.DescriptorImpl.class.getMethod("doCheckLabel", String.class));
    assertFormCheck(BuilderSet.DescriptorImpl.class.getMethod("doCheckName", String.class));
  }

  @Test
  void everyBoundField_hasAConfigPageEntryAndHelp() {
    assertViewAndHelp(MultiArchBuildConfiguration.class, "builderSets");
    assertViewAndHelp(BuilderSet.class, "name", "builders");
    assertViewAndHelp(LabelBuilder.class, "platform", "label");
    assertThat(getClass().getClassLoader().getResource("index.jelly")).isNotNull();
  }

  private static void assertViewAndHelp(Class<?> type, String... fields) {
    String folder = type.getName().replace('.', '/').replace('$', '/') + "/";
    ClassLoader loader = DataBindingShapeTest.class.getClassLoader();
    assertThat(loader.getResource(folder + "config.jelly")).as(folder + "config.jelly").isNotNull();
    String jelly = read(loader, folder + "config.jelly");
    for (String field : fields) {
      assertThat(jelly).as("config.jelly of " + type.getSimpleName()).contains("field=\"" + field + "\"");
      assertThat(loader.getResource(folder + "help-" + field + ".html")).as(folder + "help-" + field + ".html")
          .isNotNull();
    }
  }

  private static String read(ClassLoader loader, String resource) {
    try (var in = loader.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertExtensionDescriptor(Class<?> d, Class<?> describable, String symbol) throws Exception {
    assertThat(Modifier.isPublic(d.getModifiers()) && Modifier.isStatic(d.getModifiers())).as(d + " public static").isTrue();
    assertThat(d.getConstructor().getParameterCount()).isZero();
    assertThat(d.getEnclosingClass()).isEqualTo(describable == PlatformBuilder.class ? LabelBuilder.class : describable);
    assertThat(d.getAnnotation(Extension.class)).as(d + " @Extension").isNotNull();
    assertThat(d.getAnnotation(Symbol.class).value()).containsExactly(symbol);
    assertThat(Descriptor.class).isAssignableFrom(d);
  }

  private static void assertFormCheck(Method m) {
    assertThat(m.getAnnotation(POST.class)).as(m + " @POST").isNotNull();
    assertThat(m.getReturnType()).isEqualTo(FormValidation.class);
    Parameter value = m.getParameters()[0];
    assertThat(value.getAnnotation(QueryParameter.class)).isNotNull();
    assertThat(value.isNamePresent()).isTrue();
    assertThat(value.getName()).isEqualTo("value");
  }

  private static Constructor<?> dataBoundConstructor(Class<?> type) {
    List<Constructor<?>> found = Arrays.stream(type.getConstructors())
        .filter(c -> c.isAnnotationPresent(DataBoundConstructor.class)).toList();
    assertThat(found).as("one @DataBoundConstructor on " + type).hasSize(1);
    assertThat(found.get(0).getParameters()).allMatch(Parameter::isNamePresent);
    return found.get(0);
  }

  private static List<String> names(Parameter[] parameters) {
    return Arrays.stream(parameters).map(Parameter::getName).toList();
  }
}
