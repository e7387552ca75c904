package io.multiarchbuild.engine.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code USER} string into the numeric ids the process runs with, reading the image's own
 * {@code /etc/passwd} and {@code /etc/group} the way BuildKit does (runc's user lookup):
 *
 * <ul>
 *   <li>{@code uid:gid} with both numeric (or {@code root}) is taken as is, no files read, no
 *       supplementary groups;
 *   <li>a user name must exist in passwd; a numeric uid without an entry is fine (gid 0);
 *   <li>a group given after {@code :} is the only group (name looked up in /etc/group, or numeric);
 *   <li>otherwise the passwd entry's gid is primary and every group listing the user name as a
 *       member is supplementary.
 * </ul>
 */
final class UserResolver {

  /** runc's upper bound for ids. */
  private static final long MAX_ID = Integer.MAX_VALUE;

  /** The ids a process runs with. */
  record ResolvedUser(int uid, int gid, List<Integer> additionalGids) {
    ResolvedUser {
      additionalGids = List.copyOf(additionalGids);
    }
  }

  private record PasswdEntry(String name, int uid, int gid) {}

  private record GroupEntry(String name, int gid, List<String> members) {}

  private UserResolver() {}

  /** Resolves {@code spec} against the files under {@code rootfs} (symlinks kept inside it). */
  static ResolvedUser resolve(Path rootfs, String spec) throws IOException {
    Optional<ResolvedUser> fast = numericPair(spec);
    if (fast.isPresent()) {
      return fast.get();
    }
    return resolve(spec, read(rootfs, "/etc/passwd"), read(rootfs, "/etc/group"));
  }

  /**
   * Resolves {@code spec} against file contents.
   *
   * @param passwd /etc/passwd's text, or null when the image has none
   * @param group /etc/group's text, or null when the image has none
   */
  static ResolvedUser resolve(String spec, String passwd, String group) {
    Optional<ResolvedUser> fast = numericPair(spec);
    if (fast.isPresent()) {
      return fast.get();
    }
    int colon = spec.indexOf(':');
    String userArg = colon < 0 ? spec : spec.substring(0, colon);
    String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
    Long uidArg = parseId(userArg);

    int uid = 0;
    int gid = 0;
    String matchedName = "";
    Optional<PasswdEntry> entry = parsePasswd(passwd).stream()
        .filter(u -> userArg.isEmpty() ? u.uid() == 0 : uidArg != null ? u.uid() == uidArg : u.name().equals(userArg))
        .findFirst();
    if (entry.isPresent()) {
      matchedName = entry.get().name();
      uid = entry.get().uid();
      gid = entry.get().gid();
    } else if (!userArg.isEmpty()) {
      if (uidArg == null) {
        throw new ExecError("unable to find user " + userArg + ": no matching entries in passwd file");
      }
      uid = checkRange(uidArg);
    }

    List<Integer> supplementary = new ArrayList<>();
    if (!groupArg.isEmpty()) {
      Long gidArg = parseId(groupArg);
      Optional<GroupEntry> g = parseGroup(group).stream()
          .filter(e -> gidArg != null ? e.gid() == gidArg : e.name().equals(groupArg))
          .findFirst();
      if (g.isPresent()) {
        gid = g.get().gid();
      } else if (gidArg != null) {
        gid = checkRange(gidArg);
      } else {
        throw new ExecError("unable to find group " + groupArg + ": no matching entries in group file");
      }
    } else if (!matchedName.isEmpty()) {
      for (GroupEntry g : parseGroup(group)) {
        if (g.members().contains(matchedName)) {
          supplementary.add(g.gid());
        }
      }
    }
    return new ResolvedUser(uid, gid, supplementary);
  }

  /** BuildKit's fast path: {@code uid:gid} both numbers (or "root"), or the empty string (root). */
  private static Optional<ResolvedUser> numericPair(String spec) {
    if (spec.isEmpty()) {
      return Optional.of(new ResolvedUser(0, 0, List.of()));
    }
    int colon = spec.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    Long uid = rootOrNumber(spec.substring(0, colon));
    Long gid = rootOrNumber(spec.substring(colon + 1));
    if (uid == null || gid == null || uid > 0xffffffffL || gid > 0xffffffffL) {
      return Optional.empty();
    }
    return Optional.of(new ResolvedUser(checkRange(uid), checkRange(gid), List.of()));
  }

  private static Long rootOrNumber(String s) {
    return s.equals("root") ? Long.valueOf(0) : parseId(s);
  }

  private static Long parseId(String s) {
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    return Long.parseLong(s);
  }

  private static int checkRange(long id) {
    if (id > MAX_ID) {
      throw new ExecError("user and group ids must be in the range 0-" + MAX_ID + ", got " + id);
    }
    return (int) id;
  }

  private static List<PasswdEntry> parsePasswd(String text) {
    List<PasswdEntry> out = new ArrayList<>();
    for (String[] f : fields(text)) {
      Long uid = f.length > 2 ? parseId(f[2]) : null;
      Long gid = f.length > 3 ? parseId(f[3]) : null;
      // a line whose ids do not parse cannot be matched reliably; skip it rather than guess 0 (root)
      if (uid != null && gid != null && uid <= MAX_ID && gid <= MAX_ID) {
        out.add(new PasswdEntry(f[0], uid.intValue(), gid.intValue()));
      }
    }
    return out;
  }

  private static List<GroupEntry> parseGroup(String text) {
    List<GroupEntry> out = new ArrayList<>();
    for (String[] f : fields(text)) {
      Long gid = f.length > 2 ? parseId(f[2]) : null;
      if (gid == null || gid > MAX_ID) {
        continue;
      }
      List<String> members = new ArrayList<>();
      if (f.length > 3) {
        for (String m : f[3].split(",")) {
          if (!m.isBlank()) {
            members.add(m.trim());
          }
        }
      }
      out.add(new GroupEntry(f[0], gid.intValue(), members));
    }
    return out;
  }

  private static List<String[]> fields(String text) {
    List<String[]> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#")) {
        out.add(l.split(":", -1));
      }
    }
    return out;
  }

  private static String read(Path rootfs, String file) throws IOException {
    Path p;
    try {
      p = RootPaths.resolve(rootfs, file);
    } catch (IOException e) {
      // a symlink loop: the container could not open the file either, so it has none (as in BuildKit)
      return null;
    }
    if (!Files.isRegularFile(p)) {
      return null;
    }
    // lenient decoding: a stray non-UTF-8 byte in a comment must not break the lookup
    return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
  }
}
