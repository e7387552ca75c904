package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleFilesTest {

  @TempDir
  Path tmp;

  @Test
  void createWorkingDirectory_missing_createsParentsOwnedByTheUser() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    BundleFiles.createWorkingDirectory(root, "/a/b", 1234, 5678);
    for (Path p : List.of(root.resolve("a"), root.resolve("a/b"))) {
      assertThat(Files.isDirectory(p)).isTrue();
      assertThat(Files.getAttribute(p, "unix:uid")).isEqualTo(1234);
      assertThat(Files.getAttribute(p, "unix:gid")).isEqualTo(5678);
      assertThat((int) Files.getAttribute(p, "unix:mode") & 07777).isEqualTo(0755);
    }
  }

  @Test
  void createWorkingDirectory_existing_isLeftAlone() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("src"));
    BundleFiles.createWorkingDirectory(root, "/src", 1234, 1234);
    assertThat(Files.getAttribute(root.resolve("src"), "unix:uid")).isEqualTo(0);
  }

  @Test
  void createWorkingDirectory_throughEscapingSymlink_staysInsideRoot() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Path outside = tmp.resolve("outside");
    Files.createSymbolicLink(root.resolve("work"), outside);
    BundleFiles.createWorkingDirectory(root, "/work/app", 0, 0);
    assertThat(outside).doesNotExist();
    assertThat(root.resolve(outside.toString().substring(1)).resolve("app")).isDirectory();
  }

  @Test
  void createWorkingDirectory_isAFile_fails() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.writeString(root.resolve("f"), "x");
    assertThatThrownBy(() -> BundleFiles.createWorkingDirectory(root, "/f", 0, 0))
        .isInstanceOf(UserError.class)
        .hasMessage("working directory /f is not a directory in the root file system");
  }

  @Test
  void prepareFileMounts_regularFile_isCopiedWithOwnerAndMode() throws Exception {
    Path bundle = Files.createDirectory(tmp.resolve("bundle"));
    Path secret = Files.writeString(tmp.resolve("secret"), "s3cret");
    Mount.File m = new Mount.File(secret, "/run/secrets/s", 1000, 1001, 0440);
    Path copy = BundleFiles.prepareFileMounts(bundle, List.of(new Mount.Tmpfs("/t", 0), m)).get(m);
    assertThat(copy).startsWith(bundle).hasContent("s3cret");
    assertThat(Files.getAttribute(copy, "unix:uid")).isEqualTo(1000);
    assertThat(Files.getAttribute(copy, "unix:gid")).isEqualTo(1001);
    assertThat((int) Files.getAttribute(copy, "unix:mode") & 07777).isEqualTo(0440);
    assertThat((int) Files.getAttribute(secret, "unix:mode") & 07777).isNotEqualTo(0440);
  }

  @Test
  void mountStubs_removesOnlyEmptyStubsAndRestoresParentTimes() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectory(root.resolve("etc"));
    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    // /etc's time before the run: making the /etc/hosts stub changes it, and clean() must undo that
    Files.setLastModifiedTime(root.resolve("etc"), old);
    MountStubs stubs = MountStubs.before(root, List.of("/proc", "/etc/hosts", "/cache/go", "/kept/dir"));
    // what runc would create as mount points, and what a process might leave behind
    Files.createDirectory(root.resolve("proc"));
    Files.createFile(root.resolve("etc/hosts"));
    Files.createDirectories(root.resolve("cache/go"));
    Files.createDirectories(root.resolve("kept/dir"));
    Files.writeString(root.resolve("kept/dir/file"), "made by the RUN");
    // the root gained an entry of the RUN's own (kept/): only the removals' own time changes are undone
    Files.setLastModifiedTime(root, old);
    stubs.clean();
    assertThat(root.resolve("proc")).doesNotExist();
    assertThat(root.resolve("etc/hosts")).doesNotExist();
    assertThat(root.resolve("cache")).doesNotExist();
    assertThat(root.resolve("kept/dir/file")).exists();
    assertThat(Files.getLastModifiedTime(root.resolve("etc"))).isEqualTo(old);
    assertThat(Files.getLastModifiedTime(root)).isEqualTo(old);
  }

  @Test
  void mountStubs_existingTargets_areNeverRemoved() throws Exception {
    Path root = Files.createDirectory(tmp.resolve("root"));
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("etc"));
    Files.createFile(root.resolve("etc/hosts"));
    MountStubs.before(root, List.of("/proc", "/etc/hosts")).clean();
    assertThat(Files.exists(root.resolve("proc"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    assertThat(root.resolve("etc/hosts")).exists();
  }

  @Test
  void deleteTree_removesEverythingWithoutFollowingLinks() throws Exception {
    Path keep = Files.writeString(tmp.resolve("keep"), "x");
    Path dir = Files.createDirectories(tmp.resolve("bundle/sub"));
    Files.createSymbolicLink(dir.resolve("link"), keep);
    BundleFiles.deleteTree(tmp.resolve("bundle"));
    assertThat(tmp.resolve("bundle")).doesNotExist();
    assertThat(keep).exists();
  }
}
