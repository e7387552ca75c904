package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.common.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The files the executor creates for one run: in the bundle, and the working directory in the root. */
final class BundleFiles {

  private static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
  /** Docker's fallback when the host has no resolver configuration. */
  private static final String FALLBACK_RESOLV_CONF = "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";

  private BundleFiles() {}

  /**
   * The container's resolv.conf: the host's, unchanged. Every network mode but NONE shares the host's
   * network namespace, so even a local stub resolver (127.0.0.53) listed there is reachable; with
   * NONE nothing is reachable anyway.
   */
  static byte[] resolvConf() {
    try {
      if (Files.isRegularFile(HOST_RESOLV_CONF)) {
        return Files.readAllBytes(HOST_RESOLV_CONF);
      }
    } catch (IOException e) {
      // unreadable: fall back like Docker does
    }
    return FALLBACK_RESOLV_CONF.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * Gives every {@link Mount.File} the host file to bind: a private copy of a regular file in the
   * bundle with the requested owner and mode, or the socket itself with owner and mode changed.
   */
  static Map<Mount.File, Path> prepareFileMounts(Path bundle, List<Mount> mounts) throws IOException {
    Map<Mount.File, Path> out = new IdentityHashMap<>();
    int n = 0;
    for (Mount m : mounts) {
      if (!(m instanceof Mount.File f)) {
        continue;
      }
      Path target;
      if (Files.isRegularFile(f.source())) {
        Path dir = bundle.resolve("files");
        Files.createDirectories(dir);
        target = dir.resolve(Integer.toString(n++));
        Files.copy(f.source(), target, StandardCopyOption.REPLACE_EXISTING);
        setOwnerAndMode(target, f.uid(), f.gid(), f.mode(), LinkOption.NOFOLLOW_LINKS);
      } else if (Files.exists(f.source())) {
        // a socket: Java's no-follow attribute setters open() the file, which a socket refuses (ENXIO); the
        // following variants use chown(2)/chmod(2) on the path
        target = f.source().toAbsolutePath();
        setOwnerAndMode(target, f.uid(), f.gid(), f.mode());
      } else {
        throw new NoSuchFileException(f.source().toString(), null, "source of the mount at " + f.target());
      }
      out.put(f, target);
    }
    return out;
  }

  /**
   * Creates the working directory and its missing parents inside {@code rootfs}, owned by the user the
   * process runs as (as BuildKit's runc worker does), mode 0755. Existing directories are left alone.
   */
  static void createWorkingDirectory(Path rootfs, String cwd, int uid, int gid) throws IOException {
    Path dir = RootPaths.resolve(rootfs, cwd);
    List<Path> missing = new ArrayList<>();
    for (Path p = dir; p.startsWith(rootfs) && !p.equals(rootfs) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        p = p.getParent()) {
      missing.add(0, p);
    }
    for (Path p : missing) {
      Files.createDirectory(p);
      setOwnerAndMode(p, uid, gid, 0755, LinkOption.NOFOLLOW_LINKS);
    }
    if (!Files.isDirectory(dir)) {
      throw new ExecError("working directory " + cwd + " is not a directory in the root file system");
    }
  }

  /** Deletes {@code root} and everything under it without following symlinks; quiet when absent. */
  static void deleteTree(Path root) {
    try {
      FileTrees.delete(root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot remove the container bundle " + root, e);
    }
  }

  static void setOwnerAndMode(Path p, int uid, int gid, int mode, LinkOption... options) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, options);
    Files.setAttribute(p, "unix:gid", gid, options);
    // setuid/setgid/sticky bits are not expressible with PosixFilePermission; "unix:mode" keeps them
    Files.setAttribute(p, "unix:mode", mode, options);
  }
}
