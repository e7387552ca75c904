package io.multiarchbuild.jenkinsapi.indexer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Stand-in for lib-annotation-indexer's processor, whose only build on Maven Central (1.4, 2012)
 * fails clean builds on current JDKs (jenkins-api.md §7.2). For every annotation meta-annotated with
 * {@code org.jvnet.hudson.annotation_indexer.Indexed} (in practice {@code org.jenkinsci.Symbol}) it
 * writes {@code META-INF/services/annotations/<annotation>}: UTF-8, one binary class name per line,
 * sorted; members are recorded by their enclosing class. That is the format Jenkins' runtime
 * {@code Index.list} reads. Maven recompiles a module whole, so the file is rewritten, never merged.
 */
public final class IndexedAnnotationProcessor extends AbstractProcessor {
  static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";
  static final String PREFIX = "META-INF/services/annotations/";

  private final Map<String, Set<String>> uses = new HashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      if (!isIndexed(annotation)) {
        continue;
      }
      Set<String> names = uses.computeIfAbsent(annotation.getQualifiedName().toString(), k -> new TreeSet<>());
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        TypeElement type = enclosingType(element);
        if (type != null) {
          names.add(processingEnv.getElementUtils().getBinaryName(type).toString());
        }
      }
    }
    if (round.processingOver()) {
      uses.forEach(this::write);
    }
    // Never claim: SezPoz must still see @Extension on the same classes.
    return false;
  }

  private static boolean isIndexed(TypeElement annotation) {
    for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
      if (((TypeElement) meta.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
        return true;
      }
    }
    return false;
  }

  private static TypeElement enclosingType(Element element) {
    Element e = element;
    while (e != null && !(e instanceof TypeElement)) {
      e = e.getEnclosingElement();
    }
    return (TypeElement) e;
  }

  private void write(String annotation, Set<String> names) {
    try (Writer w = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", PREFIX + annotation)
        .openWriter()) {
      for (String name : names) {
        w.write(name);
        w.write('\n');
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
          "cannot write " + PREFIX + annotation + ": " + e.getMessage());
    }
  }
}
