package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.build.Build;
import io.multiarchbuild.engine.build.BuildRequest;
import io.multiarchbuild.engine.build.BuildResult;
import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.InvalidPlatformException;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.progress.Renderers;
import io.multiarchbuild.engine.secrets.SecretSpec;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.secrets.SshSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multiarch-build build}: buildx-compatible flags → {@link Build#run}. */
@Command(
    name = "build",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Build images for one or more platforms from a Dockerfile, as `docker buildx build`.")
final class BuildCommand extends CallerCommand {

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Build context directory (default: .)")
  String context = ".";

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Dockerfile (default: PATH/Dockerfile)")
  String file;

  @Option(names = "--platform", split = ",", paramLabel = "PLATFORMS", description = "Target platforms (comma list, repeatable)")
  List<String> platforms = new ArrayList<>();

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Image name[:tag] (repeatable)")
  List<String> tags = new ArrayList<>();

  @Option(names = "--build-arg", paramLabel = "KEY[=VALUE]", description = "Build argument; bare KEY reads the environment")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--build-context", paramLabel = "NAME=VALUE",
      description = "Additional build context: NAME=DIR, NAME=docker-image://REF or NAME=oci-layout://DIR (repeatable)")
  List<String> buildContexts = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Stage to build")
  String target;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Image label (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(names = {"-o", "--output"}, paramLabel = "SPEC", description = "Output: type=registry|image|oci|docker|local|tar,... (repeatable)")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--push", description = "Shorthand for --output=type=registry")
  boolean push;

  @Option(names = "--load", description = "Shorthand for --output=type=docker")
  boolean load;

  @Option(names = "--no-cache", description = "Do not use the cache")
  boolean noCache;

  @Option(names = "--no-cache-filter", split = ",", paramLabel = "STAGES", description = "Stages not to take from the cache")
  List<String> noCacheFilter = new ArrayList<>();

  @Option(names = "--cache-from", paramLabel = "SPEC",
      description = "Import cache: NAME, type=registry,ref=REF or type=local,src=DIR[,tag=T] (repeatable)")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--cache-to", paramLabel = "SPEC", description = "Export cache: type=registry,ref=REF[,mode=min|max]"
      + "[,image-manifest=,oci-mediatypes=,ignore-error=], type=local,dest=DIR[,...] or type=inline (repeatable)")
  List<String> cacheTo = new ArrayList<>();

  @Option(names = "--pull", description = "Always re-resolve base images")
  boolean pull;

  @Option(names = "--progress", paramLabel = "MODE", description = "auto, plain, tty, rawjson, quiet, none")
  String progress;

  @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write build result metadata to FILE")
  Path metadataFile;

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image id to FILE")
  Path iidFile;

  @Option(names = "--network", paramLabel = "MODE", description = "Network of RUN steps: default, none, host")
  String network = "default";

  @Option(names = "--secret", paramLabel = "id=ID[,src=FILE|env=VAR]",
      description = "Secret for RUN --mount=type=secret: a file (src=) or an environment variable (env=); repeatable")
  List<String> secrets = new ArrayList<>();

  @Option(names = "--ssh", paramLabel = "default|ID[=SOCKET|KEY[,KEY]]",
      description = "SSH agent for RUN --mount=type=ssh: default forwards $SSH_AUTH_SOCK; KEY files are served by a built-in agent; repeatable")
  List<String> ssh = new ArrayList<>();

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Cache directory (default: $XDG_CACHE_HOME/multiarch-build or ~/.cache/multiarch-build)")
  Path cacheDir;

  @Spec CommandSpec spec;

  /**
   * Runs the build for the caller. Cancelled by interrupting this thread (see {@link Main#run(Invocation,
   * String[])}): {@link Build#run} then stops and cleans up before it returns.
   */
  @Override
  public Integer call() {
    BuildRequest request = request();
    String mode = Renderers.resolveMode(progress, invocation.env());
    ProgressSink sink = Renderers.forMode(mode, invocation.stderr(), invocation.terminal());
    try (var secretValues = request.secrets()) {
      BuildResult result = Build.run(request, sink);
      if (mode.equals("quiet")) {
        spec.commandLine().getOut().println(result.digest());
        spec.commandLine().getOut().flush();
      }
      return 0;
    } finally {
      try {
        sink.close();
      } catch (Exception e) {
        // nothing useful to do with a renderer that fails on close
      }
    }
  }

  BuildRequest request() {
    Set<Platform> ps = new LinkedHashSet<>();
    for (String p : platforms) {
      String t = p.trim();
      if (t.isEmpty()) {
        continue;
      }
      try {
        ps.add(t.equals("local") ? Platform.host() : Platform.parse(t));
      } catch (InvalidPlatformException e) {
        throw new InputError("--platform " + t + ": " + e.getMessage(), e);
      }
    }
    if (ps.isEmpty()) {
      ps.add(Platform.host());
    }
    List<OutputSpec> outs = new ArrayList<>();
    for (String o : outputs) {
      outs.add(OutputSpec.parse(named(o)));
    }
    if (push) {
      outs.add(OutputSpec.parse(named("type=registry")));
    }
    if (load) {
      outs.add(OutputSpec.parse(named("type=docker")));
    }
    Map<String, String> env = invocation.env();
    Path root = cacheDir != null ? cacheDir : CacheDir.defaultRoot(env);
    // Paths stay as given: the request resolves them against the caller's working directory.
    return BuildRequest.builder()
        .workingDir(invocation.workingDir())
        .env(env)
        .stdout(invocation.stdout())
        .contextDir(Path.of(context))
        .dockerfile(file != null ? Path.of(file) : null)
        .platforms(new ArrayList<>(ps))
        .buildArgs(pairs(buildArgs, "--build-arg", env))
        .target(target)
        .labels(pairs(labels, "--label", null))
        .tags(tags)
        .outputs(outs)
        .noCache(noCache)
        .noCacheFilter(noCacheFilter)
        .pull(pull)
        .network(network)
        .cacheDir(root)
        .progress(progress)
        .metadataFile(metadataFile)
        .iidFile(iidFile)
        .buildContexts(pairs(buildContexts, "--build-context", null))
        .ssh(ssh.stream().map(SshSpec::parse).toList())
        .secrets(SecretStore.of(
            secrets.stream().map(s -> SecretSpec.parse(s, env).resolvedAgainst(invocation.workingDir())).toList(), env))
        .cacheFrom(cacheFrom.stream().map(CacheSpec::parseFrom).toList())
        .cacheTo(cacheTo.stream().map(CacheSpec::parseTo).toList())
        .build();
  }

  /** -t names fill {@code name=} of image-producing outputs that give none, as buildx does. */
  private String named(String output) {
    boolean image = output.matches("(?i).*type=(image|registry|oci|docker)\\b.*");
    if (!image || tags.isEmpty() || output.contains("name=")) {
      return output;
    }
    return output + ",name=" + String.join(",", tags);
  }

  /** {@code KEY=VALUE} pairs; a bare {@code KEY} takes its value from {@code env} (the caller's), if given. */
  private static Map<String, String> pairs(List<String> values, String flag, Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : values) {
      int eq = v.indexOf('=');
      if (eq == 0) {
        throw new InputError(flag + " " + v + ": expected KEY=VALUE");
      }
      if (eq < 0) {
        if (env == null) {
          throw new InputError(flag + " " + v + ": expected KEY=VALUE");
        }
        String value = env.get(v);
        if (value != null) {
          out.put(v, value);
        }
        continue;
      }
      out.put(v.substring(0, eq), v.substring(eq + 1));
    }
    return out;
  }
}
