package io.multiarchbuild.jenkinsapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Guards the compile-only declarations against drift: every row of {@code jenkins-api-shape.tsv}
 * (written by hand from the real sources, see the file's header) must match the compiled
 * declarations in kind, modifiers, erased descriptor (including the return type), type-variable
 * bounds and annotation retention — the properties that decide linking at runtime
 * (reference/jenkins-api.md §1).
 */
class DeclarationShapeTest {

  @TestFactory
  Stream<DynamicTest> declarations_matchTheRealSignatures() throws IOException {
    return rows().stream().map(row -> DynamicTest.dynamicTest(String.join(" ", row), () -> check(row)));
  }

  private static void check(List<String> row) throws ClassNotFoundException {
    Class<?> owner = load(row.get(1));
    switch (row.get(0)) {
      case "type" -> {
        assertThat(kind(owner)).as("kind").isEqualTo(row.get(2));
        assertThat(modifiers(owner.getModifiers(), false)).as("modifiers").isEqualTo(row.get(3));
      }
      case "extends" -> assertThat(load(row.get(2)).isAssignableFrom(owner)).as(owner + " is a " + row.get(2)).isTrue();
      case "typevars" -> assertThat(Arrays.stream(owner.getTypeParameters())
          .map(v -> v.getName() + ":" + erasure(v.getBounds()[0]).getName())
          .collect(Collectors.joining(","))).isEqualTo(row.get(2));
      case "method" -> {
        Method m = findMethod(owner, row.get(2));
        assertThat(modifiers(m.getModifiers(), m.isDefault())).as("modifiers of " + m).isEqualTo(row.get(3));
      }
      case "ctor" -> {
        Constructor<?> c = Arrays.stream(owner.getDeclaredConstructors())
            .filter(k -> descriptor(k).equals(row.get(2))).findFirst()
            .orElseThrow(() -> new AssertionError("no constructor " + row.get(2) + " in " + owner));
        assertThat(modifiers(c.getModifiers(), false)).isEqualTo(row.get(3));
      }
      case "field" -> {
        Field f = findField(owner, row.get(2));
        assertThat(f.getType().descriptorString()).as("type of " + f).isEqualTo(row.get(3));
        assertThat(modifiers(f.getModifiers(), false)).as("modifiers of " + f).isEqualTo(row.get(4));
      }
      case "annotation" -> checkAnnotation(owner, row);
      case "meta" -> {
        @SuppressWarnings("unchecked")
        Class<? extends Annotation> meta = (Class<? extends Annotation>) load(row.get(2));
        assertThat(owner.getAnnotation(meta)).as(owner + " carries @" + meta.getName()).isNotNull();
      }
      default -> fail("unknown row kind " + row.get(0));
    }
  }

  private static void checkAnnotation(Class<?> type, List<String> row) {
    assertThat(type.isAnnotation()).as(type + " is an annotation").isTrue();
    Retention retention = type.getAnnotation(Retention.class);
    assertThat(retention == null ? RetentionPolicy.CLASS : retention.value()).hasToString(row.get(2));
    Target target = type.getAnnotation(Target.class);
    assertThat(Arrays.stream(target.value()).map(ElementType::name).sorted().collect(Collectors.joining(",")))
        .isEqualTo(row.get(3));
    String elements = Arrays.stream(type.getDeclaredMethods())
        .map(m -> m.getName() + ":" + m.getReturnType().getName()).sorted().collect(Collectors.joining(","));
    assertThat(elements.isEmpty() ? "-" : elements).as("elements").isEqualTo(row.get(4));
  }

  /** Resolves like the JVM: the owner, then its superclasses, then all superinterfaces. */
  private static Method findMethod(Class<?> owner, String nameAndDescriptor) {
    String name = nameAndDescriptor.substring(0, nameAndDescriptor.indexOf('('));
    String desc = nameAndDescriptor.substring(name.length());
    for (Class<?> c : hierarchy(owner)) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.getName().equals(name) && descriptor(m).equals(desc)) {
          return m;
        }
      }
    }
    throw new AssertionError("no method " + nameAndDescriptor + " reachable from " + owner.getName());
  }

  private static Field findField(Class<?> owner, String name) {
    for (Class<?> c : hierarchy(owner)) {
      for (Field f : c.getDeclaredFields()) {
        if (f.getName().equals(name)) {
          return f;
        }
      }
    }
    throw new AssertionError("no field " + name + " reachable from " + owner.getName());
  }

  private static Set<Class<?>> hierarchy(Class<?> owner) {
    Set<Class<?>> order = new LinkedHashSet<>();
    for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
      order.add(c);
    }
    Deque<Class<?>> todo = new ArrayDeque<>(order);
    while (!todo.isEmpty()) {
      for (Class<?> i : todo.pop().getInterfaces()) {
        if (order.add(i)) {
          todo.add(i);
        }
      }
    }
    return order;
  }

  private static String descriptor(Executable e) {
    String params = Arrays.stream(e.getParameterTypes()).map(Class::descriptorString).collect(Collectors.joining());
    String ret = e instanceof Method m ? m.getReturnType().descriptorString() : "V";
    return "(" + params + ")" + ret;
  }

  private static Class<?> erasure(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof java.lang.reflect.ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    if (t instanceof TypeVariable<?> v) {
      return erasure(v.getBounds()[0]);
    }
    throw new IllegalArgumentException("unexpected bound " + t);
  }

  private static String kind(Class<?> c) {
    if (c.isAnnotation()) {
      return "annotation";
    }
    if (c.isInterface()) {
      return "interface";
    }
    return c.isEnum() ? "enum" : "class";
  }

  private static String modifiers(int mod, boolean isDefault) {
    List<String> out = new ArrayList<>();
    if (Modifier.isPublic(mod)) out.add("public");
    if (Modifier.isProtected(mod)) out.add("protected");
    if (Modifier.isPrivate(mod)) out.add("private");
    if (Modifier.isStatic(mod)) out.add("static");
    if (Modifier.isFinal(mod)) out.add("final");
    if (Modifier.isAbstract(mod)) out.add("abstract");
    if (isDefault) out.add("default");
    return String.join(" ", out);
  }

  private static Class<?> load(String binaryName) throws ClassNotFoundException {
    return Class.forName(binaryName, false, DeclarationShapeTest.class.getClassLoader());
  }

  private static List<List<String>> rows() throws IOException {
    try (InputStream in = DeclarationShapeTest.class.getResourceAsStream("/jenkins-api-shape.tsv")) {
      assertThat(in).as("jenkins-api-shape.tsv on the test class path").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> List.of(l.split("\t")))
          .toList();
    }
  }

}
