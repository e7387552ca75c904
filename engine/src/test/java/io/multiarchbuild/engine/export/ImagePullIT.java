package io.multiarchbuild.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Layer;
import io.multiarchbuild.engine.oci.LayerExtractor;
import io.multiarchbuild.engine.oci.MediaTypes;
import io.multiarchbuild.engine.oci.NoMatchingPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.testenv.Cmd;
import io.multiarchbuild.engine.testenv.TestEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The puller against images pushed by Docker itself, checked against {@code docker export}. */
class ImagePullIT {

  /** What Docker adds to every container's file system, or mounts over it. */
  private static final Set<String> DOCKER_ADDED = Set.of("etc/hostname", "etc/hosts", "etc/resolv.conf", ".dockerenv",
      "proc", "sys", "dev", "etc/mtab");

  private static RegistryClient client;
  private static String container;
  private static String image;

  @TempDir Path temp;

  @BeforeAll
  static void setUp() {
    TestEnvironment.requirePlainRegistry();
    TestEnvironment.requireBaseImage();
    TestEnvironment.requireDocker();
    client = TestImages.anonymousClient();
  }

  @AfterAll
  static void tearDown() {
    if (container != null) {
      Cmd.run(TestEnvironment.DOCKER, "rm", "-f", container);
    }
    if (image != null) {
      Cmd.run(TestEnvironment.DOCKER, "rmi", "-f", image);
    }
    client.close();
  }

  /** One file system entry as both sides can describe it (hardlinks are plain files with their target's content). */
  record Entry(String type, int mode, long uid, long gid, long size, String sha256, String linkTarget) {}

  @Test
  void pull_imagePushedByDocker_extractsByteIdenticalToDockerExport() throws Exception {
    String tag = TestImages.uniqueTag();
    image = TestEnvironment.PLAIN_REGISTRY + "/it/from-docker:" + tag;
    Cmd.runChecked(TestEnvironment.DOCKER, "pull", "--platform", "linux/amd64", TestEnvironment.BASE_IMAGE);
    Cmd.runChecked(TestEnvironment.DOCKER, "tag", TestEnvironment.BASE_IMAGE, image);
    Cmd.runChecked(TestEnvironment.DOCKER, "push", image);
    container = "it-pull-" + tag;
    Cmd.runChecked(TestEnvironment.DOCKER, "create", "--name", container, image);
    Path exported = temp.resolve("export.tar");
    Cmd.runChecked("sh", "-c", TestEnvironment.DOCKER + " export " + container + " > " + exported);

    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    PlatformImage pulled = new ImagePuller(client, null).pull(ImageReference.parse(image), Platform.LINUX_AMD64, blobs);
    Path rootfs = Files.createDirectories(temp.resolve("rootfs"));
    for (Layer l : pulled.layers()) {
      assertThat(l.blob().mediaType()).isEqualTo(MediaTypes.DOCKER_LAYER_GZIP);
      new LayerExtractor(true).extract(blobs.path(l.blob().digest()).orElseThrow(), rootfs);
    }

    Map<String, Entry> ours = scanTree(rootfs);
    Map<String, Entry> docker = scanTar(exported);
    assertThat(ours).hasSizeGreaterThan(10);
    assertThat(ours).isEqualTo(docker);
  }

  @Test
  void pull_platformMissingFromIndex_failsListingTheAvailablePlatforms() {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    assertThatThrownBy(() -> new ImagePuller(client, null)
        .pull(ImageReference.parse(TestEnvironment.BASE_IMAGE), Platform.parse("linux/s390x"), blobs))
        .isInstanceOf(NoMatchingPlatformException.class)
        .hasMessageContaining("linux/s390x")
        .hasMessageContaining("linux/amd64")
        .hasMessageContaining("linux/arm64");
  }

  @Test
  void pull_twice_fetchesNothingTheSecondTimeAndRecordsTheSourceRepository() {
    Blobs blobs = Blobs.directory(temp.resolve("blobs"));
    ImageReference ref = ImageReference.parse(TestEnvironment.BASE_IMAGE);
    ImagePuller puller = new ImagePuller(client, null);
    PlatformImage first = puller.pull(ref, Platform.LINUX_ARM64, blobs);
    Set<Digest> fetched = java.util.concurrent.ConcurrentHashMap.newKeySet();

    PlatformImage second = new ImagePuller(client, (d, done, total) -> fetched.add(d)).pull(ref, Platform.LINUX_ARM64, blobs);

    assertThat(second).isEqualTo(first);
    assertThat(fetched).isEmpty();
    assertThat(second.platform()).isEqualTo(Platform.LINUX_ARM64);
    assertThat(blobs.knownSource(first.layers().get(0).blob().digest())).contains(ref.context());
  }

  private static boolean ignored(String path) {
    for (String p : DOCKER_ADDED) {
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, Entry> scanTree(Path root) throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.equals(root)) {
          continue;
        }
        String rel = root.relativize(p).toString();
        if (ignored(rel)) {
          continue;
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long uid = ((Number) a.get("uid")).longValue();
        long gid = ((Number) a.get("gid")).longValue();
        if (Files.isSymbolicLink(p)) {
          out.put(rel, new Entry("symlink", 0, uid, gid, 0, null, Files.readSymbolicLink(p).toString()));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          out.put(rel, new Entry("dir", mode & 07777, uid, gid, 0, null, null));
        } else {
          try (InputStream in = Files.newInputStream(p)) {
            out.put(rel, new Entry("file", mode & 07777, uid, gid, Files.size(p), sha256(in), null));
          }
        }
      }
    }
    return out;
  }

  private static Map<String, Entry> scanTar(Path tar) throws IOException {
    Map<String, Entry> out = new TreeMap<>();
    Map<String, Entry> regular = new HashMap<>();
    try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = t.getNextEntry()) != null) {
        String name = e.getName().replaceAll("^\\./", "").replaceAll("/$", "");
        if (name.isEmpty() || ignored(name)) {
          continue;
        }
        Entry entry;
        if (e.isSymbolicLink()) {
          entry = new Entry("symlink", 0, e.getLongUserId(), e.getLongGroupId(), 0, null, e.getLinkName());
        } else if (e.isDirectory()) {
          entry = new Entry("dir", e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), 0, null, null);
        } else if (e.isLink()) {
          entry = regular.get(e.getLinkName().replaceAll("^/", ""));
          assertThat(entry).as("hardlink target of " + name).isNotNull();
        } else {
          entry = new Entry("file", e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.getSize(), sha256(t), null);
          regular.put(name, entry);
        }
        out.put(name, entry);
      }
    }
    return out;
  }

  private static String sha256(InputStream in) throws IOException {
    MessageDigest sha = Digest.newSha256();
    byte[] buf = new byte[1 << 16];
    int n;
    while ((n = in.read(buf)) > 0) {
      sha.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
