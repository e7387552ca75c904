package io.multiarchbuild.jenkins.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiArchBuildActionTest {

  @TempDir Path runDir;

  private static BuildRecord record() {
    return BuildRecord.of(BuildRecordTest.twoPlatformResult(), Duration.ofMillis(3456));
  }

  /** What XStream leaves after Jenkins loads build.xml: transient fields are null. */
  private static void forgetTransientState(MultiArchBuildAction a) throws Exception {
    for (String name : new String[] {"cached", "runDir", "run"}) {
      Field f = MultiArchBuildAction.class.getDeclaredField(name);
      f.setAccessible(true);
      f.set(a, null);
    }
  }

  @Test
  void save_writesTheRecordIntoTheRunDirectoryAndKeepsOnlyASummary() throws Exception {
    MultiArchBuildAction a = MultiArchBuildAction.save(runDir, 1, record());

    assertThat(runDir.resolve("multiarch-build/1.json")).isRegularFile();
    assertThat(a.getRecordFile()).isEqualTo("multiarch-build/1.json");
    assertThat(a.getImageName()).isEqualTo("127.0.0.1:5000/team/app:1.2,127.0.0.1:5000/team/app:latest");
    assertThat(a.getDigest()).isEqualTo(BuildRecordTest.INDEX.toString());
    assertThat(a.getPlatforms()).containsExactly(
        java.util.Map.entry("linux/amd64", BuildRecordTest.AMD.toString()),
        java.util.Map.entry("linux/arm64", BuildRecordTest.ARM.toString()));
    assertThat(a.getCacheHit()).isEqualTo("33%");
    assertThat(a.getTotalTime()).isEqualTo("3.5s");
    // the steps and logs are not fields of the action (they would end up in build.xml)
    for (Field f : MultiArchBuildAction.class.getDeclaredFields()) {
      if (!java.lang.reflect.Modifier.isTransient(f.getModifiers()) && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        assertThat(f.getType()).isIn(int.class, long.class, String.class, java.util.LinkedHashMap.class);
      }
    }
  }

  @Test
  void getRecord_afterReload_readsTheFileLazily() throws Exception {
    BuildRecord record = record();
    MultiArchBuildAction a = MultiArchBuildAction.save(runDir, 1, record);
    forgetTransientState(a);
    assertThat(a.getRecord()).as("not attached yet: no run directory known").isNull();

    Field dir = MultiArchBuildAction.class.getDeclaredField("runDir");
    dir.setAccessible(true);
    dir.set(a, runDir.toFile()); // what onLoad(run) sets from run.getRootDir()

    assertThat(a.getRecord()).isEqualTo(record);
    assertThat(a.getRecord()).isSameAs(a.getRecord());
  }

  @Test
  void getRecord_fileDeleted_isNullNotAnError() throws Exception {
    MultiArchBuildAction a = MultiArchBuildAction.save(runDir, 2, record());
    forgetTransientState(a);
    Field dir = MultiArchBuildAction.class.getDeclaredField("runDir");
    dir.setAccessible(true);
    dir.set(a, runDir.toFile());
    Files.delete(runDir.resolve("multiarch-build/2.json"));

    assertThat(a.getRecord()).isNull();
    assertThat(a.getDigest()).isEqualTo(BuildRecordTest.INDEX.toString());
  }

  @Test
  void getRecord_corruptFile_isNull() throws Exception {
    MultiArchBuildAction a = MultiArchBuildAction.save(runDir, 1, record());
    forgetTransientState(a);
    Field dir = MultiArchBuildAction.class.getDeclaredField("runDir");
    dir.setAccessible(true);
    dir.set(a, runDir.toFile());
    Files.writeString(runDir.resolve("multiarch-build/1.json"), "{not json");

    assertThat(a.getRecord()).isNull();
  }

  @Test
  void actionNames_secondInvocation_getsItsOwnUrl() throws Exception {
    MultiArchBuildAction first = MultiArchBuildAction.save(runDir, 1, record());
    MultiArchBuildAction second = MultiArchBuildAction.save(runDir, 2, record());

    assertThat(first.getUrlName()).isEqualTo("multiarch-build");
    assertThat(second.getUrlName()).isEqualTo("multiarch-build-2");
    assertThat(first.getDisplayName()).isEqualTo("Multi-arch image");
    assertThat(second.getDisplayName()).isEqualTo("Multi-arch image 2");
    assertThat(first.getIconFileName()).isEqualTo("symbol-cube");
    assertThat(runDir.resolve("multiarch-build/2.json")).isRegularFile();
  }

  @Test
  void getProjectActions_isOneInvisibleBoxPointingBackAtTheBuild() throws Exception {
    MultiArchBuildAction a = MultiArchBuildAction.save(runDir, 1, record());

    assertThat(a.getProjectActions()).singleElement().isInstanceOfSatisfying(LastImageProjectAction.class, p -> {
      assertThat(p.getBuildAction()).isSameAs(a);
      assertThat(p.getIconFileName()).isNull();
      assertThat(p.getUrlName()).isNull();
      assertThat(p.getBuildActionUrl()).as("not attached to a run").isNull();
    });
  }
}
