package io.multiarchbuild.engine.oci;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The image configuration blob (OCI {@code config.json} / Docker image JSON): platform, runtime
 * defaults, the layers' diff_ids and history. Serialise with {@link ImageJson}.
 *
 * <p>{@code extra} keeps every top-level key this model does not know, as compact raw JSON, so
 * rewriting a base image's config (adding a layer) does not silently drop keys another tool put
 * there (e.g. {@code moby.buildkit.cache.v0}).
 *
 * @param created creation time, or null
 * @param author author, or null
 * @param architecture GOARCH, e.g. {@code arm64}
 * @param os GOOS, e.g. {@code linux}
 * @param variant CPU variant or empty
 * @param config runtime defaults (never null; {@link Config#EMPTY} when absent)
 * @param diffIds rootfs diff_ids (sha256 of each uncompressed layer), base first
 * @param history one entry per Dockerfile step, including empty layers
 * @param extra unknown top-level keys → raw JSON values
 */
public record ImageConfig(
    Instant created,
    String author,
    String architecture,
    String os,
    String variant,
    Config config,
    List<Digest> diffIds,
    List<History> history,
    Map<String, String> extra) {

  public ImageConfig {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(os, "os");
    variant = variant == null ? "" : variant;
    config = config == null ? Config.EMPTY : config;
    diffIds = List.copyOf(diffIds);
    history = List.copyOf(history);
    extra = extra == null ? Map.of() : Map.copyOf(extra);
  }

  /** A config for {@code platform} with no layers, no history and empty runtime defaults. */
  public static ImageConfig empty(Platform platform) {
    return new ImageConfig(
        null, null, platform.architecture(), platform.os(), platform.variant(), Config.EMPTY, List.of(), List.of(), Map.of());
  }

  /** The platform this config is for. */
  public Platform platform() {
    return new Platform(os, architecture, variant);
  }

  public ImageConfig withConfig(Config c) {
    return new ImageConfig(created, author, architecture, os, variant, c, diffIds, history, extra);
  }

  public ImageConfig withCreated(Instant c) {
    return new ImageConfig(c, author, architecture, os, variant, config, diffIds, history, extra);
  }

  /** This config plus one layer (its diff_id) and its history entry. */
  public ImageConfig withLayer(Digest diffId, History h) {
    List<Digest> d = new java.util.ArrayList<>(diffIds);
    d.add(diffId);
    List<History> hs = new java.util.ArrayList<>(history);
    hs.add(h);
    return new ImageConfig(created, author, architecture, os, variant, config, d, hs, extra);
  }

  /** This config plus a history entry for a step that made no layer ({@code ENV}, {@code CMD}, …). */
  public ImageConfig withEmptyLayerHistory(History h) {
    List<History> hs = new java.util.ArrayList<>(history);
    hs.add(h);
    return new ImageConfig(created, author, architecture, os, variant, config, diffIds, hs, extra);
  }

  /**
   * Runtime defaults of a container ({@code config} in the image JSON). Lists that Docker tells apart
   * as "unset" and "empty" ({@code Entrypoint}, {@code Cmd}, {@code Shell}, {@code OnBuild}) are null
   * when unset.
   *
   * @param extra unknown keys → raw JSON values
   */
  public record Config(
      String user,
      Set<String> exposedPorts,
      List<String> env,
      List<String> entrypoint,
      List<String> cmd,
      Set<String> volumes,
      String workingDir,
      Map<String, String> labels,
      String stopSignal,
      Boolean argsEscaped,
      Healthcheck healthcheck,
      List<String> onBuild,
      List<String> shell,
      Map<String, String> extra) {

    public static final Config EMPTY =
        new Config(null, Set.of(), List.of(), null, null, Set.of(), null, Map.of(), null, null, null, null, null, Map.of());

    public Config {
      exposedPorts = exposedPorts == null ? Set.of() : Set.copyOf(exposedPorts);
      env = env == null ? List.of() : List.copyOf(env);
      entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
      cmd = cmd == null ? null : List.copyOf(cmd);
      volumes = volumes == null ? Set.of() : Set.copyOf(volumes);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
      onBuild = onBuild == null ? null : List.copyOf(onBuild);
      shell = shell == null ? null : List.copyOf(shell);
      extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
  }

  /**
   * A container health check. Durations are zero when unset.
   *
   * @param test e.g. {@code ["CMD-SHELL", "curl -f http://localhost/"]} or {@code ["NONE"]}
   */
  public record Healthcheck(
      List<String> test, Duration interval, Duration timeout, Duration startPeriod, Duration startInterval, int retries) {

    public Healthcheck {
      test = test == null ? List.of() : List.copyOf(test);
      interval = interval == null ? Duration.ZERO : interval;
      timeout = timeout == null ? Duration.ZERO : timeout;
      startPeriod = startPeriod == null ? Duration.ZERO : startPeriod;
      startInterval = startInterval == null ? Duration.ZERO : startInterval;
    }
  }

  /** One history entry; {@code emptyLayer} marks steps that produced no layer. */
  public record History(Instant created, String createdBy, String author, String comment, boolean emptyLayer) {}
}
