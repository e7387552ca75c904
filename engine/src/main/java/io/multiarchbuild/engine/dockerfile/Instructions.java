package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instruction layer: turns a {@link SyntaxTree} into typed, validated, still unexpanded
 * instructions grouped into stages. Checks everything that does not depend on variable values
 * (flags, argument shapes, stage names, mount option matrix); value checks after expansion are
 * offered as the static helpers below so the planner reports them the same way.
 */
public final class Instructions {
  private Instructions() {}

  private static final Pattern PORT = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/([A-Za-z]+))?");

  /** Reads the tree into stages; throws {@link DockerfileError} naming the line of the first problem. */
  public static DockerfileModel parse(SyntaxTree tree) {
    String file = tree.fileName();
    boolean labs = false;
    for (Directive d : tree.directives()) {
      if (d.name().equalsIgnoreCase("syntax") && d.value().contains("labs")) {
        labs = true;
      }
    }
    List<ParseWarning> warnings = new ArrayList<>(tree.warnings());
    InstructionReader reader = new InstructionReader(file, labs, warnings);
    List<ArgInstruction> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    Map<String, Integer> nameLines = new HashMap<>();
    FromInstruction from = null;
    List<Instruction> commands = new ArrayList<>();
    for (Node node : tree.nodes()) {
      Instruction ins = reader.read(node);
      if (ins instanceof FromInstruction f) {
        if (from != null) {
          stages.add(new Stage(stages.size(), from.stageName(), from, commands));
        }
        if (f.stageName() != null) {
          Integer previous = nameLines.putIfAbsent(f.stageName(), f.line());
          if (previous != null) {
            throw new DockerfileError(file, f.line(), "duplicate stage name \"" + f.stageName() + "\" (already used on line " + previous + "); stage names must be unique");
          }
        }
        from = f;
        commands = new ArrayList<>();
      } else if (from == null) {
        if (ins instanceof ArgInstruction a) {
          globalArgs.add(a);
        } else {
          throw new DockerfileError(file, ins.line(), ins.keyword() + " before the first FROM: only ARG may come before FROM (no build stage in current context)");
        }
      } else {
        commands.add(ins);
      }
    }
    if (from == null) {
      throw new DockerfileError(file, 0, "the Dockerfile has no FROM instruction; every build needs at least one stage");
    }
    stages.add(new Stage(stages.size(), from.stageName(), from, commands));
    return new DockerfileModel(file, tree.escape(), labs, globalArgs, stages, warnings);
  }

  /** Checks a {@code --chmod} value: octal ({@code 755}) or symbolic ({@code u=rwX,go=rX}, {@code +x}). */
  public static void checkChmod(String value, String fileName, int line) {
    try {
      ChmodSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new DockerfileError(fileName, line, "invalid --chmod value \"" + value + "\": " + e.getMessage()
          + "; use an octal mode (0755) or a symbolic one (u=rwX,go=rX, +x)");
    }
  }

  /**
   * Expands one expanded EXPOSE word into {@code port/proto} entries ({@code 8000-8002/udp} gives three),
   * protocol lower-cased and {@code tcp} by default.
   */
  public static List<String> exposedPorts(String word, String fileName, int line) {
    Matcher m = PORT.matcher(word);
    if (!m.matches()) {
      throw new DockerfileError(
          fileName, line,
          "invalid EXPOSE port \"" + word + "\": use PORT[/PROTO] or START-END[/PROTO], e.g. 8080/tcp"
              + (word.contains(":") ? " (EXPOSE doesn't publish: host mappings belong to docker run -p)" : ""));
    }
    String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
    if (!List.of("tcp", "udp", "sctp").contains(proto)) {
      throw new DockerfileError(fileName, line, "invalid EXPOSE protocol \"" + m.group(3) + "\" in " + word + ": use tcp, udp or sctp");
    }
    long start = Long.parseLong(m.group(1));
    long end = m.group(2) == null ? start : Long.parseLong(m.group(2));
    if (start < 1 || end > 65535 || end < start) {
      throw new DockerfileError(fileName, line, "invalid EXPOSE port range \"" + word + "\": ports are 1-65535 and a range runs low-high");
    }
    List<String> out = new ArrayList<>();
    for (long p = start; p <= end; p++) {
      out.add(p + "/" + proto);
    }
    return out;
  }

  /** True for ADD sources fetched from the network: HTTP(S) URLs and Git repositories. */
  public static boolean isRemote(String source) {
    return isGit(source) || source.startsWith("http://") || source.startsWith("https://");
  }

  /** True for Git sources: {@code git@host:…}, {@code git://…}, {@code ssh://…} and {@code https://….git[#…]}. */
  public static boolean isGit(String source) {
    if (source.startsWith("git@") || source.startsWith("git://") || source.startsWith("ssh://")) {
      return true;
    }
    if (source.startsWith("http://") || source.startsWith("https://")) {
      String path = source.replaceFirst("[#?].*$", "");
      return path.endsWith(".git") || source.contains(".git#") || source.contains(".git?");
    }
    return false;
  }
}
