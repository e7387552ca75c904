package io.multiarchbuild.engine.common;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Recursive delete and size of directory trees, never following symbolic links. Works on trees a RUN
 * left behind (read-only directories, overlay work dirs), which plain {@code Files.delete} cannot remove.
 */
public final class FileTrees {
  private FileTrees() {}

  public static void deleteChildren(Path dir) throws IOException {
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      for (Path c : children) {
        delete(c);
      }
    }
  }

  public static void delete(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            // Snapshot trees may contain read-only directories (a RUN chmod'ed them); as a non-root
            // user their entries cannot be removed until the directory is writable again.
            makeOwnerWritable(dir);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            if (exc != null && !(exc instanceof NoSuchFileException)) {
              throw exc;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Bytes of all regular files under {@code path} (allocated size is not portable; this is the apparent size). */
  public static long size(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    long[] total = {0};
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
              total[0] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) {
            return FileVisitResult.CONTINUE;
          }
        });
    return total[0];
  }

  private static void makeOwnerWritable(Path dir) throws IOException {
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
      if (!perms.contains(PosixFilePermission.OWNER_WRITE) || !perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
        // EnumSet.copyOf rejects an empty set, and overlayfs leaves d--------- work dirs behind.
        Set<PosixFilePermission> fixed = EnumSet.noneOf(PosixFilePermission.class);
        fixed.addAll(perms);
        fixed.add(PosixFilePermission.OWNER_WRITE);
        fixed.add(PosixFilePermission.OWNER_EXECUTE);
        fixed.add(PosixFilePermission.OWNER_READ);
        Files.setPosixFilePermissions(dir, fixed);
      }
    } catch (AccessDeniedException notOurs) {
      // Owned by someone else; the delete below reports the real problem.
    }
  }
}
