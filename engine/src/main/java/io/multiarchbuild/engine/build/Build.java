package io.multiarchbuild.engine.build;

import io.multiarchbuild.engine.cache.CacheDir;
import io.multiarchbuild.engine.cache.CacheLocks;
import io.multiarchbuild.engine.common.UserError;
import io.multiarchbuild.engine.dockerfile.DockerfileParser;
import io.multiarchbuild.engine.dockerfile.IgnoreRules;
import io.multiarchbuild.engine.exec.NetworkMode;
import io.multiarchbuild.engine.exec.RuncExecutor;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.plan.BuildPlan;
import io.multiarchbuild.engine.dockerfile.DockerfileModel;
import io.multiarchbuild.engine.dockerfile.Instructions;
import io.multiarchbuild.engine.plan.PlanRequest;
import io.multiarchbuild.engine.plan.Planner;
import io.multiarchbuild.engine.plan.PlatformPlan;
import io.multiarchbuild.engine.progress.ProgressRecorder;
import io.multiarchbuild.engine.progress.ProgressSink;
import io.multiarchbuild.engine.progress.ProgressSinks;
import io.multiarchbuild.engine.progress.ProgressWriter;
import io.multiarchbuild.engine.progress.SecretMasker;
import io.multiarchbuild.engine.progress.VertexHandle;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.remotecache.CacheBlobUnavailable;
import io.multiarchbuild.engine.remotecache.ImportedCache;
import io.multiarchbuild.engine.snapshot.Snapshotters;
import io.multiarchbuild.engine.solver.SolveException;
import io.multiarchbuild.engine.solver.SolveOptions;
import io.multiarchbuild.engine.solver.Solver;
import io.multiarchbuild.engine.solver.Vertex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The build engine's entry point: Dockerfile → plan → solve → images → outputs. */
public final class Build {

  /**
   * How many ops the solver runs at once. Not the core count: a RUN spends its time waiting for its
   * container, so with two workers on a 2-core machine four independent CPU-bound stages ran two at
   * a time, and even a cheap step that was ready (a COPY --from a finished stage, a cache lookup)
   * queued behind the running containers. BuildKit (Docker 20.10) sets no limit; this bound only
   * keeps a very wide graph from starting hundreds of containers.
   */
  static final int SOLVER_PARALLELISM = Math.max(16, 2 * Runtime.getRuntime().availableProcessors());

  private Build() {}

  /**
   * Runs one build. Progress goes to {@code sink} (and is recorded for the result). Interrupting the
   * calling thread cancels the build: running containers are killed and snapshots released before
   * this returns (with a {@link BuildError} "build canceled"). Everything of the caller's process the
   * build uses (working directory, environment, standard output) comes from the request, so builds of
   * different callers may run at once in one JVM.
   *
   * @throws UserError for anything wrong with the input (Dockerfile, flags, a failing RUN, ...)
   */
  public static BuildResult run(BuildRequest request, ProgressSink sink) {
    return run(request, sink, CredentialStore.dockerConfig(request.env()));
  }

  /**
   * Runs one build with registry credentials from {@code credentials} instead of Docker's
   * {@code config.json} (the Jenkins step passes the credentials it resolved for the run).
   */
  public static BuildResult run(BuildRequest request, ProgressSink sink, CredentialStore credentials) {
    Warmup.startFor(request);
    BuildSecrets secrets;
    try {
      secrets = BuildSecrets.open(request);
    } catch (IOException e) {
      throw new BuildError("cannot set up the build's secrets: " + e.getMessage(), e);
    }
    ProgressRecorder recorder = new ProgressRecorder();
    ProgressSink both = ProgressSinks.tee(sink, recorder);
    // every secret value is masked before any renderer, recorder or log sink sees it; closing the
    // masker releases held-back output but must not close the caller's sink
    SecretMasker masker = new SecretMasker(secrets.maskValues(), both::accept);
    try (secrets; masker) {
      return run(request, new ProgressWriter(masker), recorder, secrets, masker, credentials);
    }
  }

  private static BuildResult run(BuildRequest request, ProgressWriter progress, ProgressRecorder recorder,
      BuildSecrets secrets, SecretMasker masker, CredentialStore credentials) {
    Path context = request.contextDir().toAbsolutePath().normalize();
    if (!Files.isDirectory(context)) {
      throw new BuildError("build context " + request.contextDir() + " is not a directory");
    }
    CacheDir cache;
    try {
      cache = CacheDir.open(request.cacheDir());
    } catch (IOException e) {
      throw new BuildError("cannot open the cache dir " + request.cacheDir() + ": " + e.getMessage(), e);
    }
    // open before planning: the planner reads the FROM images' configs (as BuildKit does while converting)
    try (CacheLocks.Lease lease = cache.locks().lease();
        RegistryClient registry = RegistryClient.create(credentials)) {
      FromResolver resolver = new FromResolver(cache, registry, request.pull());
      return planAndSolve(request, progress, recorder, secrets, masker, context, cache, registry, resolver);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BuildError("build canceled");
    }
  }

  private static BuildResult planAndSolve(BuildRequest request, ProgressWriter progress, ProgressRecorder recorder,
      BuildSecrets secrets, SecretMasker masker, Path context, CacheDir cache, RegistryClient registry, FromResolver resolver) {
    BuildPlan plan;
    IgnoreRules ignore;
    VertexHandle def = progress.vertex(Digest.sha256("definition:" + request.dockerfile().toAbsolutePath()).toString(),
        "[internal] load build definition from " + request.dockerfile().getFileName(), List.of());
    def.started();
    try {
      String text = Files.readString(request.dockerfile(), StandardCharsets.UTF_8);
      DockerfileModel model = Instructions.parse(DockerfileParser.parse(request.dockerfile().getFileName().toString(), text));
      def.completed();
      ignore = ignoreRules(request, context, progress);
      plan = Planner.plan(new PlanRequest(model, request.buildArgs(), request.target(), request.platforms(),
          Platform.host(), ignore.patterns(), BuildContexts.parse(request.buildContexts()), resolver::baseConfig));
    } catch (NoSuchFileException e) {
      def.failed("Dockerfile not found");
      throw new BuildError("Dockerfile not found: " + request.dockerfile());
    } catch (IOException e) {
      def.failed(e.getMessage());
      throw new BuildError("cannot read " + request.dockerfile() + ": " + e.getMessage(), e);
    } catch (UserError e) {
      def.failed(e.getMessage());
      throw e;
    }
    Warmup.startFor(plan);
    for (String w : plan.warnings()) {
      def.warn(1, w, List.of(), "");
    }
    try {
      return solveAndExport(request, plan, context, ignore, progress, recorder, secrets, masker, cache, registry, resolver);
    } catch (IOException e) {
      throw new BuildError("build failed: " + e.getMessage(), e);
    }
  }

  private static BuildResult solveAndExport(BuildRequest request, BuildPlan plan, Path context, IgnoreRules ignore,
      ProgressWriter progress, ProgressRecorder recorder, BuildSecrets secrets, SecretMasker masker,
      CacheDir cache, RegistryClient registry, FromResolver resolver) throws IOException {
    try (// closed here too when the build fails, so the import's progress vertex is always completed
        ImportedCache imported = RemoteCaches.load(request, registry, cache, progress)) {
      var choice = Snapshotters.detect(request.cacheDir().resolve("snapshotter"));
      Session session = new Session(cache, choice.snapshotter(),
          RuncExecutor.create(secrets.runcStateDir().orElse(request.cacheDir().resolve("runc")), request.env()),
          registry, progress, secrets, masker::mask, imported, request.env());
      session.writeLayersWith(Outputs.layerOptions(request.outputs()));
      session.sourceDateEpoch(Steps.sourceDateEpoch(request.buildArgs()));
      Graph graph = graph(request, plan, context, ignore, session, resolver);
      List<Vertex<State>> targets = new ArrayList<>();
      Map<PlatformPlan, List<Vertex<State>>> perPlatform = new LinkedHashMap<>();
      for (PlatformPlan p : plan.platforms()) {
        List<Vertex<State>> t = graph.targets(p);
        perPlatform.put(p, t);
        targets.addAll(t);
      }
      StateCache stateCache = new StateCache(cache, Set.of(), imported, RemoteCaches.lazyTargets(request)
          ? targets.stream().map(Vertex::key).collect(java.util.stream.Collectors.toSet()) : Set.of());
      Map<Vertex<State>, State> results = solve(request, targets, stateCache, session, imported, cache);
      Map<Platform, io.multiarchbuild.engine.export.PlatformImage> images = assemble(request, perPlatform, results);
      BuildResult result = Outputs.export(request, images, new StoreBlobs(cache.blobs(), imported),
          baseLayers(results.values()), i -> RemoteCaches.withInline(request, i, perPlatform, stateCache),
          registry, progress, recorder);
      RemoteCaches.export(request, perPlatform, stateCache, cache, imported, session.pulls, registry, progress);
      imported.close(); // before the result is made: its progress record must include the import vertex
      // The cache vertices come after the outputs: the result's progress record must include them.
      return new BuildResult(result.manifests(), result.digest(), result.metadata(), recorder.vertices());
    }
  }

  /** The build graph over the plan, with the named contexts that are local directories. */
  private static Graph graph(BuildRequest request, BuildPlan plan, Path context, IgnoreRules ignore, Session session,
      FromResolver resolver) throws IOException {
    Graph graph = new Graph(session, context, ignore, network(request.network()),
        Graph.stageIndexes(plan, request.noCacheFilter()), request.noCache(), request.pull(), resolver);
    graph.showPlatform(plan.platforms().size() > 1);
    for (var named : BuildContexts.parse(request.buildContexts()).values()) {
      if (named.kind() == io.multiarchbuild.engine.plan.NamedContext.Kind.LOCAL) {
        Path dir = Path.of(named.value());
        graph.namedContext(named.name(), dir, BuildContexts.ignoreOf(dir));
      }
    }
    return graph;
  }

  /** Solves {@code targets}, again (up to {@link RemoteCaches#MAX_SOLVES}) when an imported cache blob fails. */
  private static Map<Vertex<State>, State> solve(BuildRequest request, List<Vertex<State>> targets,
      StateCache stateCache, Session session, ImportedCache imported, CacheDir cache) throws IOException {
    // A cache blob found missing or corrupt only when it is used is marked bad by the import;
    // solving again then runs the steps whose records needed it (the rest comes from the cache).
    for (int attempt = 1; ; attempt++) {
      try (Solver<State> solver = Solver.create(stateCache, SOLVER_PARALLELISM)) {
        Map<Vertex<State>, State> results =
            solver.solve(targets, SolveOptions.defaults().withListener(new ProgressBridge(session)));
        RemoteCaches.materialise(request, results.values(), imported, cache);
        return results;
      } catch (SolveException e) {
        if (RemoteCaches.blobFailure(e) == null || attempt >= RemoteCaches.MAX_SOLVES) {
          throw new BuildError(e.vertexName() + ": " + message(e.getCause()), e);
        }
      } catch (CacheBlobUnavailable e) {
        if (attempt >= RemoteCaches.MAX_SOLVES) {
          throw new BuildError("cannot use the imported cache: " + e.getMessage(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BuildError("build canceled");
      } finally {
        session.closeDownloads(); // downloads happen only while solving
        session.saveChecksums();
      }
    }
  }

  /** The diff_ids of the base images' layers (states carry their FROM image's config). */
  private static Set<Digest> baseLayers(java.util.Collection<State> states) {
    Set<Digest> out = new java.util.HashSet<>();
    for (State s : states) {
      if (s != null && s.base() != null) {
        out.addAll(s.base().diffIds());
      }
    }
    return out;
  }

  /** One image per platform, from the solved states of its target stage's chain. */
  private static Map<Platform, io.multiarchbuild.engine.export.PlatformImage> assemble(BuildRequest request,
      Map<PlatformPlan, List<Vertex<State>>> perPlatform, Map<Vertex<State>, State> results) {
    Map<Platform, io.multiarchbuild.engine.export.PlatformImage> images = new LinkedHashMap<>();
    for (var e : perPlatform.entrySet()) {
      PlatformPlan p = e.getKey();
      Map<Digest, State> states = new HashMap<>();
      var chain = ImageAssembler.chain(p, p.targetStage());
      for (int i = 0; i < chain.size(); i++) {
        states.put(chain.get(i).rootfs(), results.get(e.getValue().get(i)));
      }
      images.put(p.platform(), new ImageAssembler(p, states).assemble(p.targetStage(), request.labels()));
    }
    return images;
  }

  private static IgnoreRules ignoreRules(BuildRequest request, Path context, ProgressWriter progress) throws IOException {
    for (Path p : List.of(Path.of(IgnoreRules.ignoreFileFor(request.dockerfile().toString())), context.resolve(".dockerignore"))) {
      if (Files.isRegularFile(p)) {
        VertexHandle v = progress.vertex(Digest.sha256("dockerignore:" + p.toAbsolutePath()).toString(),
            "[internal] load .dockerignore", List.of());
        v.started();
        IgnoreRules r = IgnoreRules.parse(p.toString(), Files.readString(p, StandardCharsets.UTF_8));
        v.completed();
        return r;
      }
    }
    return IgnoreRules.none();
  }

  private static NetworkMode network(String n) {
    return switch (n) {
      case "default", "" -> NetworkMode.DEFAULT;
      case "none" -> NetworkMode.NONE;
      case "host" -> NetworkMode.HOST;
      default -> throw new BuildError("--network=" + n + ": use default, none or host");
    };
  }

  /** A one-line description of a failure: a user error's own message, otherwise the exception and its message. */
  static String message(Throwable t) {
    if (t instanceof UserError) {
      return t.getMessage();
    }
    if (t instanceof SolveException && t.getCause() != null) {
      return message(t.getCause());
    }
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
  }
}
