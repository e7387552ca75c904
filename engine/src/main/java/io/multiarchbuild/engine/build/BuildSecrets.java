package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.common.FileTrees;
import io.multiarchbuild.engine.secrets.SecretFiles;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.secrets.SshAgentRelay;
import io.multiarchbuild.engine.secrets.SshSources;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The secrets and SSH agents of one build, and the memory-backed directory everything sensitive is
 * written to: secret files, the sockets of in-process agents and per-RUN relays, and the runc
 * bundles (a bundle's config.json carries {@code env=} secrets). With no secret and no SSH source
 * configured nothing is created and the runc bundles stay in the cache directory.
 */
final class BuildSecrets implements AutoCloseable {

  /** Large enough for many 500 KiB secrets and the runc bundles of concurrent RUNs. */
  private static final long TMPFS_BYTES = 64L * 1024 * 1024;
  private static final Path SHM = Path.of("/dev/shm");

  final SecretStore store;
  private final SecretFiles files;
  private final SshSources ssh;

  private BuildSecrets(SecretStore store, SecretFiles files, SshSources ssh) {
    this.store = store;
    this.files = files;
    this.ssh = ssh;
  }

  /** A build without secrets or SSH agents. */
  static BuildSecrets none() {
    return new BuildSecrets(SecretStore.builder(java.util.Map.of()).build(), null, null);
  }

  static BuildSecrets open(BuildRequest request) throws IOException {
    boolean any = !request.secrets().ids().isEmpty() || !request.ssh().isEmpty() || !request.sshKeys().isEmpty();
    if (!any) {
      return new BuildSecrets(request.secrets(), null, null);
    }
    SecretFiles files = isTmpfs(SHM)
        ? SecretFiles.under(SHM)
        : SecretFiles.mountTmpfs(request.cacheDir().resolve("tmp"), TMPFS_BYTES);
    try {
      Files.createDirectory(files.directory().resolve("ssh"));
      SshSources ssh = SshSources.open(request.ssh(), request.sshKeys(), request.env(),
          files.directory().resolve("ssh"));
      return new BuildSecrets(request.secrets(), files, ssh);
    } catch (RuntimeException | IOException e) {
      files.close();
      throw e;
    }
  }

  /** Where runc keeps its bundles in this build: the private tmpfs, or empty for the default. */
  Optional<Path> runcStateDir() {
    return files == null ? Optional.empty() : Optional.of(files.directory().resolve("runc"));
  }

  /** Writes a secret value to a new tmpfs file with that owner and mode. */
  Path writeSecret(String id, byte[] value, int uid, int gid, int mode) throws IOException {
    if (files == null) {
      throw new IllegalStateException("secret " + id + " has a value but no secret files were set up");
    }
    Path file = files.write(id, value, mode & 0777);
    Files.setAttribute(file, "unix:uid", uid);
    Files.setAttribute(file, "unix:gid", gid);
    return file;
  }

  void deleteSecret(Path file) {
    files.delete(file);
  }

  /** A per-RUN socket relaying to the agent of ssh {@code id}, if that id was provided. */
  Optional<SshAgentRelay> relay(String id) {
    if (ssh == null) {
      return Optional.empty();
    }
    return ssh.socket(id).map(upstream -> SshAgentRelay.start(files.directory().resolve("ssh"), upstream));
  }

  /** What the log masker hides: every secret value the build was given. */
  List<String> maskValues() {
    return store.maskValues();
  }

  @Override
  public void close() {
    if (ssh != null) {
      ssh.close();
    }
    if (files != null) {
      for (String sub : List.of("runc", "ssh")) {
        Path p = files.directory().resolve(sub);
        try {
          FileTrees.delete(p);
        } catch (IOException e) {
          // SecretFiles' unmount or the next cleanup removes it; nothing secret is left in it
        }
      }
      files.close();
    }
  }

  private static boolean isTmpfs(Path dir) {
    try {
      FileStore store = Files.getFileStore(dir);
      return store.type().equals("tmpfs") && Files.isWritable(dir);
    } catch (IOException e) {
      return false;
    }
  }
}
