package io.multiarchbuild.engine.exec;

import java.util.Map;
import java.util.Optional;

/**
 * What a Linux executable for a GOARCH looks like in its ELF header, and the name qemu gives that
 * architecture. binfmt_misc handlers match on the ELF header, so this is how we find the one that
 * would run a foreign platform's binaries.
 *
 * @param qemuName qemu's name for the architecture ({@code qemu-<name>}, {@code update-binfmts
 *     --enable qemu-<name>})
 * @param elfClass 1 = 32-bit, 2 = 64-bit
 * @param bigEndian byte order of the ELF header's multi-byte fields
 * @param machine {@code e_machine}
 */
record ElfMachine(String qemuName, int elfClass, boolean bigEndian, int machine) {

  private static final Map<String, ElfMachine> BY_GOARCH = Map.ofEntries(
      Map.entry("amd64", new ElfMachine("x86_64", 2, false, 62)),
      Map.entry("386", new ElfMachine("i386", 1, false, 3)),
      Map.entry("arm64", new ElfMachine("aarch64", 2, false, 183)),
      Map.entry("arm", new ElfMachine("arm", 1, false, 40)),
      Map.entry("riscv64", new ElfMachine("riscv64", 2, false, 243)),
      Map.entry("ppc64le", new ElfMachine("ppc64le", 2, false, 21)),
      Map.entry("ppc64", new ElfMachine("ppc64", 2, true, 21)),
      Map.entry("s390x", new ElfMachine("s390x", 2, true, 22)),
      Map.entry("mips64le", new ElfMachine("mips64el", 2, false, 8)),
      Map.entry("mips64", new ElfMachine("mips64", 2, true, 8)),
      Map.entry("mipsle", new ElfMachine("mipsel", 1, false, 8)),
      Map.entry("mips", new ElfMachine("mips", 1, true, 8)),
      Map.entry("loong64", new ElfMachine("loongarch64", 2, false, 258)));

  static Optional<ElfMachine> forGoarch(String architecture) {
    return Optional.ofNullable(BY_GOARCH.get(architecture));
  }

  /**
   * The first 20 bytes of an executable (ET_EXEC) for this machine: magic, class, byte order,
   * version, zero padding, e_type, e_machine. binfmt magics for ELF cover exactly this prefix.
   */
  byte[] header() {
    byte[] h = new byte[20];
    h[0] = 0x7f;
    h[1] = 'E';
    h[2] = 'L';
    h[3] = 'F';
    h[4] = (byte) elfClass;
    h[5] = (byte) (bigEndian ? 2 : 1);
    h[6] = 1;
    put16(h, 16, 2);
    put16(h, 18, machine);
    return h;
  }

  private void put16(byte[] h, int at, int value) {
    byte lo = (byte) (value & 0xff);
    byte hi = (byte) ((value >> 8) & 0xff);
    h[at] = bigEndian ? hi : lo;
    h[at + 1] = bigEndian ? lo : hi;
  }
}
