package io.multiarchbuild.engine.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image-config changes a stage makes (on top of its base image's config, which is only known
 * once the image is resolved). Null/empty fields mean "unchanged".
 *
 * @param env environment {@code K=V}, in definition order
 * @param labels labels, sorted by key
 * @param user USER, or null
 * @param workdir WORKDIR, or null
 * @param cmd CMD argv, or null
 * @param entrypoint ENTRYPOINT argv, or null
 * @param exposedPorts {@code port/proto}, sorted
 * @param volumes VOLUME paths, sorted
 * @param healthcheck test argv ({@code NONE}, {@code CMD …} or {@code CMD-SHELL …}) followed by
 *     {@code interval=…} style options; null when none was set
 * @param shell SHELL, or null
 * @param stopSignal STOPSIGNAL, or null
 * @param onBuild ONBUILD triggers, in order
 * @param author MAINTAINER, or null
 */
public record ImageConfig(
    List<String> env,
    Map<String, String> labels,
    String user,
    String workdir,
    List<String> cmd,
    List<String> entrypoint,
    List<String> exposedPorts,
    List<String> volumes,
    List<String> healthcheck,
    List<String> shell,
    String stopSignal,
    List<String> onBuild,
    String author) {

  public ImageConfig {
    env = List.copyOf(env);
    labels = Collections.unmodifiableMap(new TreeMap<>(labels)); // sorted: stable output
    exposedPorts = List.copyOf(exposedPorts);
    volumes = List.copyOf(volumes);
    onBuild = List.copyOf(onBuild);
  }
}
