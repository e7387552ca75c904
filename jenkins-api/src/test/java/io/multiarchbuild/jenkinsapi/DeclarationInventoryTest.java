package io.multiarchbuild.jenkinsapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps a reviewable inventory of every declared type and member (one sorted line each, erased
 * descriptors), as jenkins-api-check.md §3 suggests: any change to the declarations shows up as a
 * diff of {@code src/test/resources/jenkins-api-inventory.txt} in review. On mismatch the current
 * inventory is written to {@code target/jenkins-api-inventory.txt}; after checking the change
 * against the real sources, copy it over the checked-in file.
 */
class DeclarationInventoryTest {

  @Test
  void inventory_ofCompiledDeclarations_matchesTheCheckedInFile() throws Exception {
    List<String> actual = inventory();
    List<String> expected;
    try (InputStream in = getClass().getResourceAsStream("/jenkins-api-inventory.txt")) {
      assertThat(in).as("src/test/resources/jenkins-api-inventory.txt").isNotNull();
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    if (!actual.equals(expected)) {
      Files.write(Path.of("target", "jenkins-api-inventory.txt"), actual, StandardCharsets.UTF_8);
    }
    assertThat(actual).as("declarations changed: review target/jenkins-api-inventory.txt").isEqualTo(expected);
  }

  static List<String> inventory() throws IOException, URISyntaxException, ClassNotFoundException {
    Path classes = Path.of(hudson.Extension.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> lines = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.walk(classes)) {
      files = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    for (Path file : files) {
      String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
          .replaceAll("\\.class$", "");
      if (name.startsWith("io.multiarchbuild.")) {
        continue; // the index processor is ours, not a declaration
      }
      Class<?> c = Class.forName(name, false, DeclarationInventoryTest.class.getClassLoader());
      if (c.isAnonymousClass()) {
        continue; // enum constant bodies
      }
      lines.add(name + " " + typeLine(c));
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (!c.isEnum()) {
          lines.add(name + "#<init>" + descriptor(k) + " " + modifiers(k.getModifiers(), false)
              + (k.isVarArgs() ? " varargs" : ""));
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (!m.isSynthetic() || m.isBridge()) {
          lines.add(name + "#" + m.getName() + descriptor(m) + " " + modifiers(m.getModifiers(), m.isDefault())
              + (m.isVarArgs() ? " varargs" : "") + (m.isBridge() ? " bridge" : ""));
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (!f.isSynthetic()) {
          lines.add(name + "#" + f.getName() + ":" + f.getType().descriptorString() + " "
              + modifiers(f.getModifiers(), false) + (Modifier.isTransient(f.getModifiers()) ? " transient" : ""));
        }
      }
    }
    lines.sort(null);
    return lines;
  }

  private static String typeLine(Class<?> c) {
    String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : "class";
    List<String> supers = new ArrayList<>();
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum()) {
      supers.add("extends " + c.getGenericSuperclass().getTypeName());
    }
    if (c.getGenericInterfaces().length > 0 && !c.isAnnotation()) {
      supers.add((c.isInterface() ? "extends " : "implements ")
          + Arrays.stream(c.getGenericInterfaces()).map(t -> t.getTypeName()).collect(Collectors.joining(", ")));
    }
    String vars = c.getTypeParameters().length == 0 ? "" : Arrays.stream(c.getTypeParameters())
        .map(v -> v.getName() + " extends " + Arrays.stream(v.getBounds()).map(b -> b.getTypeName())
            .collect(Collectors.joining(" & ")))
        .collect(Collectors.joining(", ", "<", ">"));
    return (modifiers(c.getModifiers() & ~Modifier.INTERFACE, false) + " " + kind + vars + " " + String.join(" ", supers)).trim();
  }

  private static String descriptor(Executable e) {
    String params = Arrays.stream(e.getParameterTypes()).map(Class::descriptorString).collect(Collectors.joining());
    return "(" + params + ")" + (e instanceof Method m ? m.getReturnType().descriptorString() : "V");
  }

  private static String modifiers(int mod, boolean isDefault) {
    List<String> out = new ArrayList<>();
    if (Modifier.isPublic(mod)) out.add("public");
    if (Modifier.isProtected(mod)) out.add("protected");
    if (Modifier.isPrivate(mod)) out.add("private");
    if (!Modifier.isPublic(mod) && !Modifier.isProtected(mod) && !Modifier.isPrivate(mod)) out.add("package");
    if (Modifier.isStatic(mod)) out.add("static");
    if (Modifier.isFinal(mod)) out.add("final");
    if (Modifier.isAbstract(mod)) out.add("abstract");
    if (isDefault) out.add("default");
    return String.join(" ", out);
  }
}
