package io.multiarchbuild.engine.exec;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One registered binfmt_misc handler, as the kernel prints it in {@code
 * /proc/sys/fs/binfmt_misc/<name>}:
 *
 * <pre>
 * enabled
 * interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
 * flags: PF
 * offset 0
 * magic 7f454c46...
 * mask ffffffff...
 * </pre>
 */
record BinfmtEntry(
    String name, boolean enabled, String interpreter, String flags, int offset, byte[] magic, byte[] mask) {

  /** Parses an entry file; empty for extension-matched entries and anything unreadable. */
  static Optional<BinfmtEntry> parse(String name, List<String> lines) {
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    boolean enabled = lines.get(0).strip().equals("enabled");
    String interpreter = "";
    String flags = "";
    int offset = 0;
    byte[] magic = null;
    byte[] mask = null;
    try {
      for (String raw : lines) {
        String line = raw.strip();
        if (line.startsWith("interpreter ")) {
          interpreter = line.substring("interpreter ".length()).strip();
        } else if (line.startsWith("flags:")) {
          flags = line.substring("flags:".length()).strip();
        } else if (line.startsWith("offset ")) {
          offset = Integer.parseInt(line.substring("offset ".length()).strip());
        } else if (line.startsWith("magic ")) {
          magic = HexFormat.of().parseHex(line.substring("magic ".length()).strip());
        } else if (line.startsWith("mask ")) {
          mask = HexFormat.of().parseHex(line.substring("mask ".length()).strip());
        }
      }
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (magic == null) {
      return Optional.empty();
    }
    return Optional.of(new BinfmtEntry(name, enabled, interpreter, flags, offset, magic, mask));
  }

  /** The F flag: the kernel opened the interpreter at registration, so it works in any mount namespace. */
  boolean fixBinary() {
    return flags.contains("F");
  }

  /** Whether this handler would be chosen for an executable that starts with {@code header}. */
  boolean matches(byte[] header) {
    if (offset + magic.length > header.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      int m = mask == null || i >= mask.length ? 0xff : mask[i] & 0xff;
      if (((header[offset + i] & 0xff) & m) != ((magic[i] & 0xff) & m)) {
        return false;
      }
    }
    return true;
  }
}
