package io.multiarchbuild.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.exec.UserResolver.ResolvedUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {

  private static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      # a comment line
      daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin

      builder:x:1000:1000:Builder:/home/builder:/bin/sh
      broken:x:notanumber:5:::
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;

  private static final String GROUP = """
      root:x:0:
      wheel:x:10:root,builder
      staff:x:50:builder
      builder:x:1000:
      docker:x:999:someoneelse
      nogroup:x:65534:
      """;

  @TempDir
  Path tmp;

  @Test
  void resolve_empty_isRootWithoutReadingFiles() {
    assertThat(UserResolver.resolve("", null, null)).isEqualTo(new ResolvedUser(0, 0, List.of()));
  }

  @Test
  void resolve_userName_takesUidGidAndMemberGroups() {
    assertThat(UserResolver.resolve("builder", PASSWD, GROUP)).isEqualTo(new ResolvedUser(1000, 1000, List.of(10, 50)));
  }

  @Test
  void resolve_root_getsItsSupplementaryGroups() {
    assertThat(UserResolver.resolve("root", PASSWD, GROUP)).isEqualTo(new ResolvedUser(0, 0, List.of(10)));
  }

  @Test
  void resolve_numericUidWithEntry_takesEntrysGid() {
    assertThat(UserResolver.resolve("1000", PASSWD, GROUP)).isEqualTo(new ResolvedUser(1000, 1000, List.of(10, 50)));
  }

  @Test
  void resolve_numericUidWithoutEntry_runsWithGidZero() {
    assertThat(UserResolver.resolve("4242", PASSWD, GROUP)).isEqualTo(new ResolvedUser(4242, 0, List.of()));
  }

  @Test
  void resolve_numericUidWithoutPasswdFile_isAccepted() {
    assertThat(UserResolver.resolve("4242", null, null)).isEqualTo(new ResolvedUser(4242, 0, List.of()));
  }

  @Test
  void resolve_numericPair_isTakenAsIsWithoutSupplementaryGroups() {
    assertThat(UserResolver.resolve("1000:50", PASSWD, GROUP)).isEqualTo(new ResolvedUser(1000, 50, List.of()));
    assertThat(UserResolver.resolve("65534:65534", null, null)).isEqualTo(new ResolvedUser(65534, 65534, List.of()));
    assertThat(UserResolver.resolve("root:root", null, null)).isEqualTo(new ResolvedUser(0, 0, List.of()));
  }

  @Test
  void resolve_nameAndGroupName_usesOnlyThatGroup() {
    assertThat(UserResolver.resolve("builder:staff", PASSWD, GROUP)).isEqualTo(new ResolvedUser(1000, 50, List.of()));
  }

  @Test
  void resolve_nameAndNumericGroupWithoutEntry_usesThatGid() {
    assertThat(UserResolver.resolve("builder:777", PASSWD, GROUP)).isEqualTo(new ResolvedUser(1000, 777, List.of()));
  }

  @Test
  void resolve_numericUidAndGroupName_looksUpTheGroup() {
    assertThat(UserResolver.resolve("4242:docker", PASSWD, GROUP)).isEqualTo(new ResolvedUser(4242, 999, List.of()));
  }

  @Test
  void resolve_unknownUserName_failsLikeBuildKit() {
    assertThatThrownBy(() -> UserResolver.resolve("foo", PASSWD, GROUP))
        .isInstanceOf(UserError.class)
        .hasMessage("unable to find user foo: no matching entries in passwd file");
  }

  @Test
  void resolve_userNameWithoutPasswdFile_failsLikeBuildKit() {
    assertThatThrownBy(() -> UserResolver.resolve("root", null, null))
        .isInstanceOf(UserError.class)
        .hasMessage("unable to find user root: no matching entries in passwd file");
  }

  @Test
  void resolve_unknownGroupName_fails() {
    assertThatThrownBy(() -> UserResolver.resolve("builder:nosuch", PASSWD, GROUP))
        .isInstanceOf(UserError.class)
        .hasMessage("unable to find group nosuch: no matching entries in group file");
  }

  @Test
  void resolve_lineWithUnparsableUid_isNeverMatched() {
    assertThatThrownBy(() -> UserResolver.resolve("broken", PASSWD, GROUP))
        .hasMessage("unable to find user broken: no matching entries in passwd file");
  }

  @Test
  void resolve_idAboveRange_fails() {
    assertThatThrownBy(() -> UserResolver.resolve("3000000000", PASSWD, GROUP))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("0-2147483647");
  }

  @Test
  void resolve_fromRootfs_readsItsEtcFiles() throws Exception {
    Files.createDirectories(tmp.resolve("etc"));
    Files.writeString(tmp.resolve("etc/passwd"), PASSWD);
    Files.writeString(tmp.resolve("etc/group"), GROUP);
    assertThat(UserResolver.resolve(tmp, "builder")).isEqualTo(new ResolvedUser(1000, 1000, List.of(10, 50)));
  }

  @Test
  void resolve_fromRootfs_absoluteSymlinkStaysInsideTheRoot() throws Exception {
    // /etc -> /elsewhere/etc must mean <root>/elsewhere/etc, never the host's /elsewhere/etc
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("elsewhere/etc"));
    Files.writeString(root.resolve("elsewhere/etc/passwd"), "inside:x:7:7::/:/bin/sh\n");
    Files.createSymbolicLink(root.resolve("etc"), Path.of("/elsewhere/etc"));
    assertThat(UserResolver.resolve(root, "inside")).isEqualTo(new ResolvedUser(7, 7, List.of()));
  }

  @Test
  void resolve_fromRootfs_symlinkToHostPasswdIsNotFollowedOut() throws Exception {
    Path root = tmp.resolve("root");
    Files.createDirectories(root.resolve("etc"));
    Files.createSymbolicLink(root.resolve("etc/passwd"), Path.of("../../../../../../../etc/passwd"));
    // the host's /etc/passwd has root; the rootfs has no passwd at all
    assertThatThrownBy(() -> UserResolver.resolve(root, "root"))
        .hasMessage("unable to find user root: no matching entries in passwd file");
  }
}
