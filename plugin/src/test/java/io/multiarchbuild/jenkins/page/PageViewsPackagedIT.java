package io.multiarchbuild.jenkins.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build page's views and classes travel in the plugin jar inside the built .hpi, at Stapler's paths. */
class PageViewsPackagedIT {

  @TempDir Path tmp;

  @Test
  void hpi_pluginJar_holdsTheBuildPageViewsNextToTheirClasses() throws Exception {
    String file = System.getProperty("hpi.file");
    assertThat(file).as("system property hpi.file (set by the failsafe configuration)").isNotNull();
    Path inner = tmp.resolve("plugin.jar");
    try (JarFile hpi = new JarFile(file);
        InputStream in = hpi.getInputStream(hpi.getEntry("WEB-INF/lib/multiarch-build-plugin.jar"))) {
      Files.copy(in, inner);
    }
    try (JarFile jar = new JarFile(inner.toFile())) {
      for (String entry : List.of(
          "io/multiarchbuild/jenkins/page/MultiArchBuildAction.class",
          "io/multiarchbuild/jenkins/page/MultiArchBuildAction/summary.jelly",
          "io/multiarchbuild/jenkins/page/MultiArchBuildAction/index.jelly",
          "io/multiarchbuild/jenkins/page/LastImageProjectAction.class",
          "io/multiarchbuild/jenkins/page/LastImageProjectAction/jobMain.jelly",
          "io/multiarchbuild/jenkins/page/BuildRecord.class")) {
        assertThat(jar.getEntry(entry)).as(entry).isNotNull();
      }
    }
  }
}
