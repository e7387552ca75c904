package io.multiarchbuild.jenkins.page;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Run;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

/**
 * The build-page views, checked without a Jenkins: each is well-formed XML with HTML escaping on,
 * and every expression's chain of properties and calls resolves, by reflection, to public members of
 * the types the view is rendered with — so a renamed getter or record component fails here rather
 * than as a blank page.
 */
class JellyViewsTest {

  record View(String resource, Map<String, Class<?>> variables) {
    @Override
    public String toString() {
      return resource;
    }
  }

  static List<View> views() {
    String dir = "/io/multiarchbuild/jenkins/page/";
    return List.of(
        new View(dir + "MultiArchBuildAction/summary.jelly",
            Map.of("it", MultiArchBuildAction.class, "p", Map.Entry.class)),
        new View(dir + "MultiArchBuildAction/index.jelly",
            Map.of("it", MultiArchBuildAction.class, "r", BuildRecord.class, "p", BuildRecord.PlatformRecord.class,
                "s", BuildRecord.StepRecord.class)),
        new View(dir + "LastImageProjectAction/jobMain.jelly",
            Map.of("it", LastImageProjectAction.class, "b", MultiArchBuildAction.class)));
  }

  private static String read(String resource) throws Exception {
    try (InputStream in = JellyViewsTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @MethodSource("views")
  void view_isWellFormedXmlWithEscapingOn(View view) throws Exception {
    String text = read(view.resource());
    assertThat(text).startsWith("<?jelly escape-by-default='true'?>");
    assertThat(text).doesNotContain("escape-by-default='false'").doesNotContain("<j:out");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("jelly");
    assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("jelly:core");
  }

  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern CHAIN = Pattern.compile("\\b([A-Za-z_]\\w*)((?:\\.[A-Za-z_]\\w*(?:\\(\\))?)+)");
  private static final Pattern LINK = Pattern.compile("\\.([A-Za-z_]\\w*)(\\(\\))?");

  @ParameterizedTest
  @MethodSource("views")
  void view_everyExpressionResolvesToPublicMembers(View view) throws Exception {
    String text = read(view.resource());
    List<String> checked = new ArrayList<>();
    Matcher e = EXPRESSION.matcher(text);
    while (e.find()) {
      Matcher c = CHAIN.matcher(e.group(1));
      while (c.find()) {
        Class<?> type = view.variables().get(c.group(1));
        if (type == null) {
          continue; // Jelly's own variables (rootURL, …)
        }
        Matcher link = LINK.matcher(c.group(2));
        while (link.find() && type != null) {
          Method m = resolve(type, link.group(1), link.group(2) != null);
          assertThat(m).as("%s: %s on %s in ${%s}", view, link.group(1), type.getSimpleName(), e.group(1)).isNotNull();
          type = m.getReturnType();
          if (type.isPrimitive() || type == Object.class) {
            type = null;
          }
        }
        checked.add(c.group());
      }
    }
    assertThat(checked).as("expressions checked in " + view).isNotEmpty();
  }

  /** A public no-arg method for {@code name()} or, for a property, {@code getName()}/{@code isName()}. */
  private static Method resolve(Class<?> type, String name, boolean call) {
    List<String> candidates = call ? List.of(name)
        : List.of("get" + Character.toUpperCase(name.charAt(0)) + name.substring(1),
            "is" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
    for (String candidate : candidates) {
      try {
        Method m = type.getMethod(candidate);
        if (java.lang.reflect.Modifier.isPublic(m.getDeclaringClass().getModifiers()) || m.getDeclaringClass().isInterface()) {
          return m;
        }
      } catch (NoSuchMethodException ignored) {
        // try the next spelling
      }
    }
    return null;
  }

  @org.junit.jupiter.api.Test
  void indexView_usesTheRunsSidePanel_andRunHasTheMembersItReads() throws Exception {
    String text = read("/io/multiarchbuild/jenkins/page/MultiArchBuildAction/index.jelly");
    assertThat(text).contains("<st:include it=\"${it.run}\" page=\"sidepanel.jelly\"/>");
    assertThat(Run.class.getMethod("getFullDisplayName")).isNotNull();
  }
}
