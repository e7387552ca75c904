package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.BuildPlan;
import io.multiarchbuild.engine.plan.PlanRenderer;
import io.multiarchbuild.engine.plan.PlanRequest;
import io.multiarchbuild.engine.plan.Planner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code multiarch-build plan}: shows the per-platform build graph a Dockerfile turns into, without building. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Show the build graph of a Dockerfile for each target platform, with cache keys, without building.")
final class PlanCommand extends CallerCommand {

  enum Format {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Build context directory (default: .)")
  String context = ".";

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Dockerfile (default: PATH/Dockerfile)")
  String file;

  @Option(names = "--platform", paramLabel = "PLATFORMS", split = ",",
      description = "Target platforms, e.g. linux/amd64,linux/arm64 (repeatable; default: this machine's)")
  List<String> platforms = new ArrayList<>();

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]",
      description = "Build argument (repeatable); a bare KEY takes its value from the environment")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Stage to build (default: the last one)")
  String target;

  @picocli.CommandLine.Mixin CacheDirOption cacheDir;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format = Format.text;

  @Override
  public Integer call() {
    // `dockerfile` as given names it in messages; it is read relative to the caller's directory
    Path dockerfile = file != null ? Path.of(file) : Path.of(context).resolve("Dockerfile").normalize();
    String text;
    try {
      text = Files.readString(invocation.workingDir().resolve(dockerfile), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputError("Dockerfile not found: " + dockerfile + " (give the build context as PATH or the file with -f)");
    } catch (IOException e) {
      throw new InputError("can't read " + dockerfile + ": " + e.getMessage(), e);
    }
    DockerfileModel model = Instructions.parse(DockerfileParser.parse(dockerfile.toString(), text));
    // No registry: base image configs (WorkingDir, ENV, USER, SHELL, ONBUILD) as the cache remembers them.
    CachedBaseConfigs bases = new CachedBaseConfigs(cachedOnly());
    BuildPlan plan = Planner.plan(new PlanRequest(model, buildArgs(), target, targetPlatforms(), Platform.host(),
        ignorePatterns(dockerfile), Map.of(), bases));
    spec.commandLine().getOut().print(format == Format.json ? json(plan, bases.lookups()) : text(plan, bases.lookups()));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** The cache to read base configs from; none when it does not exist or no default location is known (plan only looks). */
  private java.util.Optional<CacheDir> cachedOnly() {
    try {
      return CacheDir.existing(cacheDir.root(invocation));
    } catch (io.multiarchbuild.engine.cache.CacheError e) {
      return java.util.Optional.empty();
    }
  }

  /** The plan's JSON with {@code baseConfigs}: each FROM image and whether its config came from the cache. */
  private static String json(BuildPlan plan, List<CachedBaseConfigs.Looked> bases) {
    try {
      com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(PlanRenderer.json(plan));
      var list = root.putArray("baseConfigs");
      for (CachedBaseConfigs.Looked b : bases) {
        list.addObject().put("ref", b.ref()).put("platform", b.platform()).put("source", b.known() ? "cache" : "unknown");
      }
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("plan can't be rendered", e);
    }
  }

  /** The plan's text, then one line per FROM image whose config was not in the cache. */
  private static String text(BuildPlan plan, List<CachedBaseConfigs.Looked> bases) {
    StringBuilder b = new StringBuilder(PlanRenderer.text(plan));
    for (CachedBaseConfigs.Looked l : bases) {
      if (!l.known()) {
        b.append("note: the config of base image ").append(l.ref()).append(" (").append(l.platform())
            .append(") is not in the cache, so this plan assumes none (WorkingDir /, no ENV, USER, SHELL or ONBUILD);")
            .append(" a build resolves it and may differ in relative paths and keys\n");
      }
    }
    return b.toString();
  }

  /** The main context's .dockerignore patterns: {@code <Dockerfile>.dockerignore} first, else the context root's. */
  private List<String> ignorePatterns(Path dockerfile) {
    for (Path p : List.of(Path.of(IgnoreRules.ignoreFileFor(dockerfile.toString())), Path.of(context).resolve(".dockerignore"))) {
      Path abs = invocation.workingDir().resolve(p);
      if (Files.isRegularFile(abs)) {
        try {
          String text = Files.readString(abs, StandardCharsets.UTF_8);
          if (!text.isBlank()) {
            return IgnoreRules.parse(p.toString(), text).patterns();
          }
        } catch (IOException e) {
          throw new InputError("can't read " + p + ": " + e.getMessage(), e);
        }
      }
    }
    return List.of();
  }

  private List<Platform> targetPlatforms() {
    Set<Platform> out = new LinkedHashSet<>();
    for (String p : platforms) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        out.add(t.equals("local") ? Platform.host() : Platform.parse(t));
      } catch (InvalidPlatformException e) {
        throw new InputError("invalid --platform \"" + t + "\": use os/arch[/variant], e.g. linux/arm64");
      }
    }
    if (out.isEmpty()) {
      out.add(Platform.host());
    }
    return List.copyOf(out);
  }

  private Map<String, String> buildArgs() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : buildArgs) {
      int eq = a.indexOf('=');
      if (eq == 0) {
        throw new InputError("invalid --build-arg \"" + a + "\": expected KEY=VALUE or KEY");
      }
      if (eq > 0) {
        out.put(a.substring(0, eq), a.substring(eq + 1));
      } else {
        String v = invocation.env(a);
        if (v != null) {
          out.put(a, v); // like docker: a bare KEY that is not in the environment is left unset
        }
      }
    }
    return out;
  }
}
