package io.multiarchbuild.engine.exec;

import io.multiarchbuild.engine.oci.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides whether this machine can run a platform's binaries: natively, or through a qemu user-mode
 * emulator registered with binfmt_misc, as buildx does. Build containers have their own root file
 * system without qemu in it, so the handler must have the F (fix-binary) flag: the kernel then
 * opened the interpreter when it was registered and uses that file in every mount namespace.
 */
public final class Emulation {

  static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");

  private final Path binfmtDir;
  private final Platform host;

  Emulation(Path binfmtDir, Platform host) {
    this.binfmtDir = binfmtDir;
    this.host = host;
  }

  /**
   * Checks that {@code target} steps can run on this machine.
   *
   * @return the name of the binfmt_misc handler that will run them (e.g. {@code qemu-aarch64}), or
   *     empty when they run natively
   * @throws ExecError saying what is missing and how to install it
   */
  public static Optional<String> check(Platform target) {
    return new Emulation(BINFMT_MISC, Platform.host()).require(target);
  }

  Optional<String> require(Platform target) {
    if (!target.os().equals(host.os())) {
      throw new ExecError("cannot run " + target + " steps on this " + host + " machine: RUN needs the target's"
          + " operating system; build that platform on a matching agent");
    }
    if (runsNatively(target.architecture())) {
      return Optional.empty();
    }
    String intro = "cannot run " + target + " steps on this " + host + " machine: ";
    ElfMachine elf = ElfMachine.forGoarch(target.architecture()).orElseThrow(() -> new ExecError(intro
        + "no emulator is known for architecture " + target.architecture()
        + "; build that platform on a native agent"));
    String howTo = "install qemu-user-static (apt-get install qemu-user-static binfmt-support) and run `update-binfmts"
        + " --enable qemu-" + elf.qemuName() + "`, or build that platform on a native agent";
    if (!Files.exists(binfmtDir.resolve("status"))) {
      throw new ExecError(intro + "binfmt_misc is not mounted at " + binfmtDir + " (mount -t binfmt_misc binfmt_misc "
          + binfmtDir + "); then " + howTo);
    }
    if (!readLines(binfmtDir.resolve("status")).stream().findFirst().orElse("").strip().equals("enabled")) {
      throw new ExecError(intro + "binfmt_misc is disabled (echo 1 > " + binfmtDir.resolve("status") + "); then "
          + howTo);
    }
    List<BinfmtEntry> matching = new ArrayList<>();
    for (BinfmtEntry e : entries()) {
      if (e.matches(elf.header())) {
        matching.add(e);
      }
    }
    Optional<BinfmtEntry> usable =
        matching.stream().filter(BinfmtEntry::enabled).filter(BinfmtEntry::fixBinary).findFirst();
    if (usable.isPresent()) {
      return Optional.of(usable.get().name());
    }
    Optional<BinfmtEntry> withoutF = matching.stream().filter(BinfmtEntry::enabled).findFirst();
    if (withoutF.isPresent()) {
      BinfmtEntry e = withoutF.get();
      throw new ExecError(intro + "the binfmt_misc handler " + e.name() + " for " + elf.qemuName() + " is registered"
          + " without the F (fix-binary) flag, so its interpreter " + e.interpreter()
          + " cannot be found inside a build"
          + " container; register it again with flags F (e.g. Debian's qemu-user-static does), or build that platform"
          + " on a native agent");
    }
    if (!matching.isEmpty()) {
      throw new ExecError(intro + "the binfmt_misc handler " + matching.get(0).name() + " for " + elf.qemuName()
          + " is disabled; run `update-binfmts --enable " + matching.get(0).name() + "`, or build that platform on a"
          + " native agent");
    }
    throw new ExecError(intro + "no binfmt_misc handler for " + elf.qemuName() + " is registered; " + howTo);
  }

  /**
   * amd64 CPUs run 386 code; arm64 kernels usually run 32-bit arm code (not every arm64 CPU can — such a
   * host fails at exec with "exec format error" instead of this check's message).
   */
  private boolean runsNatively(String arch) {
    String h = host.architecture();
    return arch.equals(h) || (h.equals("amd64") && arch.equals("386")) || (h.equals("arm64") && arch.equals("arm"));
  }

  private List<BinfmtEntry> entries() {
    List<BinfmtEntry> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(binfmtDir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.equals("status") || name.equals("register") || !Files.isRegularFile(f)) {
          continue;
        }
        BinfmtEntry.parse(name, readLines(f)).ifPresent(out::add);
      }
    } catch (IOException e) {
      throw new ExecError("cannot list binfmt_misc handlers in " + binfmtDir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static List<String> readLines(Path f) {
    try {
      return Files.readAllLines(f, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
  }
}
