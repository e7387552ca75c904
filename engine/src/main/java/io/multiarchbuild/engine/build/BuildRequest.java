package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.export.OutputSpec;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.remotecache.CacheSpec;
import io.multiarchbuild.engine.secrets.SecretStore;
import io.multiarchbuild.engine.secrets.SshKey;
import io.multiarchbuild.engine.secrets.SshSpec;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one build needs, as buildx's flags give it.
 *
 * @param contextDir the build context directory
 * @param dockerfile the Dockerfile (default {@code contextDir/Dockerfile})
 * @param platforms target platforms (at least one)
 * @param buildArgs {@code --build-arg} values
 * @param target stage to build, or null for the last
 * @param labels {@code --label} values added to the image config
 * @param tags {@code --tag} names; fill {@code name=} of image outputs that give none
 * @param outputs exporters to run ({@code --push}/{@code --load} already turned into outputs)
 * @param noCache {@code --no-cache}
 * @param noCacheFilter stages whose steps must not come from the cache
 * @param pull re-resolve base images even when cached
 * @param network default network of RUN steps: default, none or host
 * @param cacheDir the cache directory (content store, layers, records)
 * @param progress progress mode (auto, plain, tty, rawjson, quiet, none); used by front ends
 * @param metadataFile where to write the metadata JSON, or null
 * @param iidFile where to write the image id, or null
 * @param secrets where {@code RUN --mount=type=secret} values come from ({@code --secret} specs and
 *     values handed over by the caller); owned by the caller, who closes it after the build
 * @param ssh {@code --ssh} specs: the caller's agent ({@code default}), an agent socket, or key files
 * @param sshKeys private keys handed over by the caller (e.g. Jenkins SSH credentials), by ssh id;
 *     each id is served by its own in-process agent and replaces an {@code --ssh} spec of that id
 * @param buildContexts {@code --build-context} as buildx: name → a directory, {@code docker-image://REF}
 *     or {@code oci-layout://DIR[:TAG|@DIGEST]}
 * @param cacheFrom {@code --cache-from} imports, in order (earlier wins for a key)
 * @param cacheTo {@code --cache-to} exports
 * @param workingDir the caller's working directory, or null. When given (it must be absolute), the
 *     builder resolves every relative path of the request against it (context, Dockerfile, metadata and
 *     iid files, output and local cache directories, {@code --ssh} files, named contexts), so the engine
 *     never depends on the JVM's own working directory: a build server runs builds of callers in
 *     different directories in one JVM. Null leaves relative paths to the JVM (a library caller alone).
 * @param env the caller's environment: {@code SSH_AUTH_SOCK} for {@code --ssh default},
 *     {@code DOCKER_CONFIG}/{@code HOME}/{@code PATH} for registry credentials and their helpers,
 *     {@code PATH} to find runc, {@code DOCKER_HOST} for {@code --load}, and the environment of
 *     {@code git} for Git sources. Empty unless the caller gives it; the engine never reads the JVM's.
 * @param stdout where {@code --output dest=-} writes (the caller's standard output), or null when there
 *     is none (such an output then fails with a message)
 */
public record BuildRequest(
    Path contextDir,
    Path dockerfile,
    List<Platform> platforms,
    Map<String, String> buildArgs,
    String target,
    Map<String, String> labels,
    List<String> tags,
    List<OutputSpec> outputs,
    boolean noCache,
    List<String> noCacheFilter,
    boolean pull,
    String network,
    Path cacheDir,
    String progress,
    Path metadataFile,
    Path iidFile,
    SecretStore secrets,
    List<SshSpec> ssh,
    Map<String, List<SshKey>> sshKeys,
    Map<String, String> buildContexts,
    List<CacheSpec> cacheFrom,
    List<CacheSpec> cacheTo,
    Path workingDir,
    Map<String, String> env,
    OutputStream stdout) {

  public BuildRequest {
    Objects.requireNonNull(contextDir, "contextDir");
    Objects.requireNonNull(dockerfile, "dockerfile");
    Objects.requireNonNull(cacheDir, "cacheDir");
    platforms = List.copyOf(platforms);
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("at least one platform");
    }
    buildArgs = Map.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    tags = List.copyOf(tags);
    outputs = List.copyOf(outputs);
    noCacheFilter = List.copyOf(noCacheFilter);
    network = network == null ? "default" : network;
    progress = progress == null ? "auto" : progress;
    secrets = secrets == null ? SecretStore.builder(Map.of()).build() : secrets;
    ssh = List.copyOf(ssh);
    Map<String, List<SshKey>> keys = new LinkedHashMap<>();
    sshKeys.forEach((id, k) -> keys.put(id, List.copyOf(k)));
    sshKeys = java.util.Collections.unmodifiableMap(keys);
    buildContexts = buildContexts == null ? Map.of() : Map.copyOf(buildContexts);
    cacheFrom = cacheFrom == null ? List.of() : List.copyOf(cacheFrom);
    cacheTo = cacheTo == null ? List.of() : List.copyOf(cacheTo);
    if (workingDir != null && !workingDir.isAbsolute()) {
      throw new IllegalArgumentException("workingDir must be absolute: " + workingDir);
    }
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields; {@link #build()} names every missing required field in one message. */
  public static final class Builder {
    private Path contextDir;
    private Path dockerfile;
    private final List<Platform> platforms = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private String target;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final List<OutputSpec> outputs = new ArrayList<>();
    private boolean noCache;
    private final List<String> noCacheFilter = new ArrayList<>();
    private boolean pull;
    private String network = "default";
    private Path cacheDir;
    private String progress = "auto";
    private Path metadataFile;
    private Path iidFile;
    private final Map<String, String> buildContexts = new LinkedHashMap<>();
    private SecretStore secrets;
    private final List<SshSpec> ssh = new ArrayList<>();
    private final Map<String, List<SshKey>> sshKeys = new LinkedHashMap<>();
    private final List<CacheSpec> cacheFrom = new ArrayList<>();
    private final List<CacheSpec> cacheTo = new ArrayList<>();
    private Path workingDir;
    private final Map<String, String> env = new LinkedHashMap<>();
    private OutputStream stdout;

    public Builder contextDir(Path p) { contextDir = p; return this; }
    public Builder dockerfile(Path p) { dockerfile = p; return this; }
    public Builder platforms(List<Platform> p) { platforms.addAll(p); return this; }
    public Builder platform(Platform p) { platforms.add(p); return this; }
    public Builder buildArgs(Map<String, String> a) { buildArgs.putAll(a); return this; }
    public Builder buildArg(String k, String v) { buildArgs.put(k, v); return this; }
    public Builder target(String t) { target = t; return this; }
    public Builder labels(Map<String, String> l) { labels.putAll(l); return this; }
    public Builder tags(List<String> t) { tags.addAll(t); return this; }
    public Builder outputs(List<OutputSpec> o) { outputs.addAll(o); return this; }
    public Builder output(OutputSpec o) { outputs.add(o); return this; }
    public Builder noCache(boolean b) { noCache = b; return this; }
    public Builder noCacheFilter(List<String> s) { noCacheFilter.addAll(s); return this; }
    public Builder pull(boolean b) { pull = b; return this; }
    public Builder network(String n) { network = n; return this; }
    public Builder cacheDir(Path p) { cacheDir = p; return this; }
    public Builder progress(String p) { progress = p; return this; }
    public Builder metadataFile(Path p) { metadataFile = p; return this; }
    public Builder iidFile(Path p) { iidFile = p; return this; }
    public Builder buildContext(String name, String value) { buildContexts.put(name, value); return this; }
    public Builder buildContexts(Map<String, String> c) { buildContexts.putAll(c); return this; }
    /** The build's secrets (e.g. {@code SecretStore.of(specs)}, or a builder fed with credential values). */
    public Builder secrets(SecretStore s) { secrets = s; return this; }
    public Builder ssh(SshSpec s) { ssh.add(s); return this; }
    public Builder ssh(List<SshSpec> s) { ssh.addAll(s); return this; }
    /** Keys served for {@code RUN --mount=type=ssh,id=<id>} (load them with {@link SshKey#parse}). */
    public Builder sshKeys(String id, List<SshKey> keys) { sshKeys.put(id, List.copyOf(keys)); return this; }
    public Builder cacheFrom(List<CacheSpec> c) { cacheFrom.addAll(c); return this; }
    public Builder cacheTo(List<CacheSpec> c) { cacheTo.addAll(c); return this; }
    /** The caller's working directory (absolute): relative paths of the request resolve against it. */
    public Builder workingDir(Path p) { workingDir = p; return this; }
    /** The caller's environment (see {@link BuildRequest#env()}); replaces what was given before. */
    public Builder env(Map<String, String> e) { env.clear(); env.putAll(e); return this; }
    /** Where {@code --output dest=-} writes; the engine never closes it. */
    public Builder stdout(OutputStream s) { stdout = s; return this; }

    public BuildRequest build() {
      List<String> missing = new ArrayList<>();
      if (contextDir == null) {
        missing.add("contextDir");
      }
      if (platforms.isEmpty()) {
        missing.add("platforms");
      }
      if (cacheDir == null) {
        missing.add("cacheDir");
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("BuildRequest is missing " + String.join(", ", missing));
      }
      if (workingDir != null && !workingDir.isAbsolute()) {
        throw new IllegalArgumentException("BuildRequest workingDir must be absolute: " + workingDir);
      }
      Path context = anchor(contextDir);
      Path df = dockerfile != null ? anchor(dockerfile) : context.resolve("Dockerfile");
      return new BuildRequest(context, df, platforms, buildArgs, target, labels, tags,
          workingDir == null ? outputs : outputs.stream().map(o -> o.resolvedAgainst(workingDir)).toList(),
          noCache, noCacheFilter, pull, network, anchor(cacheDir), progress, anchor(metadataFile), anchor(iidFile),
          secrets,
          workingDir == null ? ssh : ssh.stream().map(s -> s.resolvedAgainst(workingDir)).toList(),
          sshKeys, BuildContexts.anchored(buildContexts, workingDir),
          workingDir == null ? cacheFrom : cacheFrom.stream().map(c -> c.resolvedAgainst(workingDir)).toList(),
          workingDir == null ? cacheTo : cacheTo.stream().map(c -> c.resolvedAgainst(workingDir)).toList(),
          workingDir, env, stdout);
    }

    private Path anchor(Path p) {
      return p == null || workingDir == null ? p : workingDir.resolve(p).normalize();
    }
  }
}
