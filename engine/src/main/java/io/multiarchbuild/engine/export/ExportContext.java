package io.multiarchbuild.engine.export;

import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.TransferListener;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What exporters need from their surroundings.
 *
 * @param registry the client for pushes (may be null when no output pushes)
 * @param listener byte progress of uploads and writes
 * @param stdout where {@code dest=-} goes
 * @param tempDir scratch space (the docker-save archive before a load, the tree before {@code type=tar})
 * @param dockerEngine loads docker-save archives for {@code type=docker} without {@code dest} (may be null)
 */
public record ExportContext(
    RegistryClient registry, TransferListener listener, OutputStream stdout, Path tempDir, DockerEngine dockerEngine) {

  public ExportContext {
    listener = listener == null ? TransferListener.NONE : listener;
    Objects.requireNonNull(tempDir, "tempDir");
  }

  /** Loads a docker-save archive into a Docker Engine ({@code docker load}). */
  @FunctionalInterface
  public interface DockerEngine {
    void load(Path archive);
  }
}
