package io.multiarchbuild.engine.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one parser {@link Node} into a typed {@link Instruction}: checks the flags each instruction
 * accepts, the number and shape of its arguments, and the values that can be checked before
 * variable expansion. Mirrors BuildKit's {@code instructions/parse.go}.
 */
final class InstructionReader {

  static final List<String> KEYWORDS =
      List.of(
          "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
          "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir");

  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern HEREDOC_MARKER = Pattern.compile("^[0-9]*<<(-?)([\"']?)(.+?)\\2$");
  private static final List<String> NETWORKS = List.of("default", "none", "host");
  private static final List<String> SECURITY = List.of("sandbox", "insecure");

  private final String fileName;
  private final boolean labs;
  private final List<ParseWarning> warnings;

  InstructionReader(String fileName, boolean labs, List<ParseWarning> warnings) {
    this.fileName = fileName;
    this.labs = labs;
    this.warnings = warnings;
  }

  Instruction read(Node node) {
    String kw = node.keyword().toLowerCase(Locale.ROOT);
    SourceRange src = SourceRange.of(node);
    if (!node.heredocs().isEmpty() && !kw.equals("run") && !kw.equals("copy") && !kw.equals("add") && !kw.equals("onbuild")) {
      throw err(node, kw.toUpperCase(Locale.ROOT) + " doesn't support heredocs (only RUN, COPY and ADD do)");
    }
    return switch (kw) {
      case "from" -> from(node, src);
      case "run" -> run(node, src);
      case "copy" -> copy(node, src);
      case "add" -> add(node, src);
      case "env" -> new EnvInstruction(pairs(node, "ENV"), src);
      case "label" -> new LabelInstruction(pairs(node, "LABEL"), src);
      case "arg" -> arg(node, src);
      case "expose" -> new ExposeInstruction(atLeastOne(node, "EXPOSE"), src);
      case "volume" -> new VolumeInstruction(atLeastOne(node, "VOLUME"), src);
      case "user" -> new UserInstruction(exactlyOne(node, "USER"), src);
      case "workdir" -> new WorkdirInstruction(exactlyOne(node, "WORKDIR"), src);
      case "stopsignal" -> new StopSignalInstruction(exactlyOne(node, "STOPSIGNAL"), src);
      case "maintainer" -> {
        warnings.add(new ParseWarning("MaintainerDeprecated", "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors=…", node.startLine()));
        yield new MaintainerInstruction(exactlyOne(node, "MAINTAINER"), src);
      }
      case "cmd" -> {
        noFlags(node, "CMD");
        yield new CmdInstruction(new CommandLine(node.args(), !node.json()), src);
      }
      case "entrypoint" -> {
        noFlags(node, "ENTRYPOINT");
        yield new EntrypointInstruction(new CommandLine(node.args(), !node.json()), src);
      }
      case "shell" -> shell(node, src);
      case "healthcheck" -> healthcheck(node, src);
      case "onbuild" -> onbuild(node, src);
      default ->
          throw err(
              node,
              "unknown instruction: " + node.keyword().toUpperCase(Locale.ROOT)
                  + Suggestions.hint(node.keyword(), KEYWORDS.stream().map(k -> k.toUpperCase(Locale.ROOT)).toList(), ""));
    };
  }

  private FromInstruction from(Node node, SourceRange src) {
    Flags f = flags(node, "FROM").string("platform").parse(node.flags());
    List<String> a = node.args();
    String name = null;
    if (a.size() == 3 && a.get(1).equalsIgnoreCase("as")) {
      name = a.get(2).toLowerCase(Locale.ROOT);
      if (!STAGE_NAME.matcher(name).matches()) {
        throw err(node, "invalid name for build stage: \"" + a.get(2) + "\"; it must start with a letter and contain only letters, digits, '-', '_' and '.'");
      }
      if (!name.equals(a.get(2))) {
        warnings.add(new ParseWarning("StageNameCasing", "stage name '" + a.get(2) + "' should be lowercase", node.startLine()));
      }
      if (name.equals("scratch") || name.equals("context")) {
        throw err(node, "'" + name + "' is reserved and can't be a stage name; choose another name");
      }
    } else if (a.size() != 1) {
      throw err(node, "FROM requires either one or three arguments (FROM image [AS name])");
    }
    return new FromInstruction(a.get(0), f.value("platform"), name, src);
  }

  private RunInstruction run(Node node, SourceRange src) {
    Flags f = flags(node, "RUN").repeatable("mount").string("network").string("security");
    if (labs) {
      f.repeatable("device");
    } else {
      f.unsupported("device", "RUN --device needs the labs syntax: # syntax=docker/dockerfile:1-labs");
    }
    f.parse(node.flags());
    String network = f.value("network");
    if (network != null && !NETWORKS.contains(network)) {
      throw err(node, "unsupported network mode \"" + network + "\" for RUN --network" + Suggestions.hint(network, NETWORKS, "") + "; use default, none or host");
    }
    String security = f.value("security");
    if (security != null && !SECURITY.contains(security)) {
      throw err(node, "unsupported security mode \"" + security + "\" for RUN --security; use sandbox or insecure");
    }
    for (String d : f.values("device")) {
      if (d.isBlank()) {
        throw err(node, "RUN --device needs a CDI device name, e.g. --device=vendor.com/gpu=all");
      }
    }
    for (String m : f.values("mount")) {
      // Early check: values with variables are re-checked once expanded.
      RunMount.parse(m, v -> v.contains("$") ? null : v, fileName, node.startLine());
    }
    if (node.args().isEmpty() || (node.args().size() == 1 && node.args().get(0).isBlank() && node.heredocs().isEmpty())) {
      throw err(node, "RUN requires at least one argument");
    }
    return new RunInstruction(
        new CommandLine(node.args(), !node.json()), node.heredocs(), f.values("mount"), network, security, f.values("device"), src);
  }

  private record Sources(List<String> paths, List<Heredoc> heredocs, String dest) {}

  private Sources sources(Node node, String kw) {
    List<String> a = node.args();
    if (a.size() < 2) {
      throw err(node, kw + " requires at least two arguments, but only " + a.size() + " provided; the last one is the destination");
    }
    String dest = a.get(a.size() - 1);
    if (HEREDOC_MARKER.matcher(dest).matches() && !node.heredocs().isEmpty()) {
      throw err(node, kw + " doesn't support a heredoc as its destination");
    }
    List<String> paths = new ArrayList<>();
    List<Heredoc> docs = new ArrayList<>();
    int next = 0;
    for (String s : a.subList(0, a.size() - 1)) {
      Matcher m = HEREDOC_MARKER.matcher(s);
      if (m.matches() && next < node.heredocs().size()) {
        docs.add(node.heredocs().get(next++));
      } else {
        paths.add(s);
      }
    }
    return new Sources(paths, docs, dest);
  }

  private CopyInstruction copy(Node node, SourceRange src) {
    Flags f =
        flags(node, "COPY").string("from").string("chown").string("chmod").bool("link").bool("parents").repeatable("exclude")
            .parse(node.flags());
    Sources s = sources(node, "COPY");
    String from = f.value("from");
    if (from != null) {
      if (from.matches("(?s).*\\$.+")) {
        throw err(node, "COPY --from=" + from + " doesn't support variable expansion; define an alias stage instead: FROM " + from + " AS alias, then COPY --from=alias");
      }
      if (from.isEmpty()) {
        throw err(node, "COPY --from needs a stage name, stage index or image");
      }
    }
    checkChmod(node, f.value("chmod"));
    return new CopyInstruction(
        s.paths(), s.heredocs(), s.dest(), from, f.value("chown"), f.value("chmod"), f.isTrue("link"), f.isTrue("parents"), f.values("exclude"), src);
  }

  private AddInstruction add(Node node, SourceRange src) {
    Flags f =
        flags(node, "ADD").string("chown").string("chmod").bool("link").bool("keep-git-dir").string("checksum").bool("unpack")
            .repeatable("exclude").parse(node.flags());
    Sources s = sources(node, "ADD");
    String checksum = f.value("checksum");
    if (checksum != null) {
      for (String p : s.paths()) {
        if (!p.contains("$") && !Instructions.isRemote(p)) {
          throw err(node, "ADD --checksum can only be used with HTTP(S) or Git sources, not the local path " + p);
        }
      }
    }
    checkChmod(node, f.value("chmod"));
    return new AddInstruction(
        s.paths(), s.heredocs(), s.dest(), f.value("chown"), f.value("chmod"), f.isTrue("link"), f.values("exclude"), checksum,
        f.isTrue("keep-git-dir"), f.optionalBool("unpack"), src);
  }

  private void checkChmod(Node node, String chmod) {
    if (chmod != null && !chmod.contains("$")) {
      Instructions.checkChmod(chmod, fileName, node.startLine());
    }
  }

  private List<KeyValue> pairs(Node node, String kw) {
    noFlags(node, kw);
    List<String> a = node.args();
    if (a.isEmpty()) {
      throw err(node, kw + " requires at least one argument");
    }
    if (a.size() % 2 != 0) {
      throw err(node, kw + " must have two arguments: " + kw + " key=value");
    }
    List<KeyValue> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i += 2) {
      if (a.get(i).isEmpty()) {
        throw err(node, kw + " names can not be blank");
      }
      out.add(new KeyValue(a.get(i), a.get(i + 1)));
    }
    return out;
  }

  private ArgInstruction arg(Node node, SourceRange src) {
    noFlags(node, "ARG");
    if (node.args().isEmpty()) {
      throw err(node, "ARG requires at least one argument");
    }
    List<ArgDeclaration> decls = new ArrayList<>();
    for (String a : node.args()) {
      int eq = a.indexOf('=');
      String name = eq < 0 ? a : a.substring(0, eq);
      if (name.isEmpty()) {
        throw err(node, "ARG names can not be blank");
      }
      decls.add(new ArgDeclaration(name, eq < 0 ? null : a.substring(eq + 1)));
    }
    return new ArgInstruction(decls, src);
  }

  private ShellInstruction shell(Node node, SourceRange src) {
    noFlags(node, "SHELL");
    if (!node.json()) {
      throw err(node, "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]");
    }
    if (node.args().isEmpty()) {
      throw err(node, "SHELL requires at least one argument");
    }
    return new ShellInstruction(node.args(), src);
  }

  private HealthcheckInstruction healthcheck(Node node, SourceRange src) {
    List<String> a = node.args();
    boolean json = node.json();
    if (node.nested() != null) {
      // Some parsers keep "CMD …" as a nested node, like ONBUILD.
      a = new ArrayList<>(List.of(node.nested().keyword()));
      a.addAll(node.nested().args());
      json = node.nested().json();
    } else if (!a.isEmpty() && !json) {
      String first = a.get(0).strip();
      int sp = first.indexOf(' ');
      if (sp > 0 && a.size() == 1) {
        a = List.of(first.substring(0, sp), first.substring(sp + 1).strip());
      }
    }
    if (a.isEmpty()) {
      throw err(node, "HEALTHCHECK requires at least one argument: NONE or CMD …");
    }
    String type = a.get(0).toUpperCase(Locale.ROOT);
    List<String> rest = a.subList(1, a.size());
    if (type.equals("NONE")) {
      if (!rest.isEmpty() || !node.flags().isEmpty()) {
        throw err(node, "HEALTHCHECK NONE takes no arguments or flags");
      }
      return new HealthcheckInstruction(true, null, null, null, null, null, null, src);
    }
    Flags f =
        flags(node, "HEALTHCHECK").string("interval").string("timeout").string("start-period").string("start-interval").string("retries")
            .parse(node.flags());
    if (!type.equals("CMD")) {
      throw err(node, "unknown type \"" + a.get(0) + "\" in HEALTHCHECK (try CMD)");
    }
    if (rest.isEmpty() || (rest.size() == 1 && rest.get(0).isBlank())) {
      throw err(node, "missing command after HEALTHCHECK CMD");
    }
    Integer retries = null;
    String r = f.value("retries");
    if (r != null) {
      try {
        retries = Integer.parseInt(r);
      } catch (NumberFormatException e) {
        throw err(node, "invalid value for HEALTHCHECK --retries: " + r + " (expected a whole number)");
      }
      if (retries < 0) {
        throw err(node, "HEALTHCHECK --retries cannot be negative (" + retries + ")");
      }
    }
    return new HealthcheckInstruction(
        false, new CommandLine(rest, !json), duration(node, f, "interval"), duration(node, f, "timeout"),
        duration(node, f, "start-period"), duration(node, f, "start-interval"), retries, src);
  }

  private Duration duration(Node node, Flags f, String name) {
    String v = f.value(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    Duration d = GoDuration.parse(v);
    if (d == null || d.isNegative()) {
      throw err(node, "invalid duration for HEALTHCHECK --" + name + ": \"" + v + "\" (e.g. 30s, 1m30s, 500ms)");
    }
    if (!d.isZero() && d.compareTo(Duration.ofMillis(1)) < 0) {
      throw err(node, "HEALTHCHECK --" + name + " cannot be less than 1ms");
    }
    return d;
  }

  private OnbuildInstruction onbuild(Node node, SourceRange src) {
    noFlags(node, "ONBUILD");
    Node trigger = node.nested();
    if (trigger == null) {
      throw err(node, "ONBUILD requires at least one argument");
    }
    String kw = trigger.keyword().toUpperCase(Locale.ROOT);
    switch (kw) {
      case "ONBUILD" -> throw err(node, "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "FROM", "MAINTAINER" -> throw err(node, kw + " isn't allowed as an ONBUILD trigger");
      default -> {}
    }
    Instruction inner = read(trigger);
    StringBuilder expr = new StringBuilder(src.original().replaceFirst("(?i)^\\s*ONBUILD\\s*", ""));
    for (Heredoc h : trigger.heredocs()) {
      expr.append('\n').append(h.content()).append(h.name());
    }
    return new OnbuildInstruction(inner, expr.toString(), src);
  }

  private List<String> atLeastOne(Node node, String kw) {
    noFlags(node, kw);
    if (node.args().isEmpty() || node.args().stream().allMatch(String::isBlank)) {
      throw err(node, kw + " requires at least one argument");
    }
    return node.args();
  }

  private String exactlyOne(Node node, String kw) {
    noFlags(node, kw);
    if (node.args().size() != 1 || node.args().get(0).isBlank()) {
      throw err(node, kw + " requires exactly one argument");
    }
    return node.args().get(0);
  }

  private void noFlags(Node node, String kw) {
    flags(node, kw).parse(node.flags());
  }

  private Flags flags(Node node, String kw) {
    return new Flags(kw, fileName, node.startLine());
  }

  private DockerfileError err(Node node, String detail) {
    return new DockerfileError(fileName, node.startLine(), detail);
  }
}
