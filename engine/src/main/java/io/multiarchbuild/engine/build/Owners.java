package io.multiarchbuild.engine.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves {@code --chown=user[:group]} against the destination stage's /etc/passwd and /etc/group, as BuildKit does. */
final class Owners {

  record Owner(long uid, long gid) {}

  private Owners() {}

  static Owner resolve(String chown, LowerView view, String what) throws IOException {
    if (chown == null || chown.isEmpty()) {
      return new Owner(0, 0);
    }
    int colon = chown.indexOf(':');
    String user = colon < 0 ? chown : chown.substring(0, colon);
    String group = colon < 0 ? null : chown.substring(colon + 1);
    long uid;
    Long primaryGid = null;
    if (user.matches("\\d+")) {
      uid = Long.parseLong(user);
    } else if (user.equals("root")) {
      uid = 0; // as BuildKit: root needs no /etc/passwd (a linked copy has none)
      primaryGid = 0L;
    } else {
      String[] entry = lookup(view, "/etc/passwd", user, what);
      uid = Long.parseLong(entry[2]);
      primaryGid = Long.parseLong(entry[3]);
    }
    long gid;
    if (group == null || group.isEmpty()) {
      gid = primaryGid != null ? primaryGid : uid; // --chown=1000 alone means 1000:1000
    } else if (group.matches("\\d+")) {
      gid = Long.parseLong(group);
    } else if (group.equals("root")) {
      gid = 0;
    } else {
      gid = Long.parseLong(lookup(view, "/etc/group", group, what)[2]);
    }
    return new Owner(uid, gid);
  }

  private static String[] lookup(LowerView view, String file, String name, String what) throws IOException {
    Optional<Path> f = view.find(file);
    if (f.isEmpty()) {
      throw new BuildError(what + ": --chown names \"" + name + "\" but the image has no " + file + "; use numeric ids");
    }
    for (String line : Files.readAllLines(f.get(), StandardCharsets.UTF_8)) {
      String[] parts = line.split(":", -1);
      if (parts.length >= 3 && parts[0].equals(name) && parts[2].matches("\\d+")) {
        if (file.endsWith("passwd") && (parts.length < 4 || !parts[3].matches("\\d+"))) {
          continue;
        }
        return parts;
      }
    }
    throw new BuildError(what + ": --chown: no " + (file.endsWith("passwd") ? "user" : "group") + " \"" + name
        + "\" in the image's " + file);
  }
}
