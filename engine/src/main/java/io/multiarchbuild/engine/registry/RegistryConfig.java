package io.multiarchbuild.engine.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the client talks to registries.
 *
 * @param insecureRegistries hosts (with port, as in references) reached over plain HTTP; loopback
 *     hosts always are, unless they have a CA file
 * @param caFiles per registry host, a PEM file of extra trusted CA certificates (JVM trust store too)
 * @param connectTimeout TCP/TLS connect timeout
 * @param readTimeout how long a response may stall (no headers, or no body bytes) before it counts as
 *     a dropped connection
 * @param monolithicLimit blobs up to this size are uploaded in one PUT; larger ones in chunks
 * @param chunkSize the size of each PATCH of a chunked upload
 * @param uploadConcurrency how many blobs {@link RegistryClient#blobPutAll} uploads at once
 * @param retry retry policy for temporary failures
 * @param userAgent the User-Agent header
 */
public record RegistryConfig(
    Set<String> insecureRegistries,
    Map<String, Path> caFiles,
    Duration connectTimeout,
    Duration readTimeout,
    long monolithicLimit,
    long chunkSize,
    int uploadConcurrency,
    RetryPolicy retry,
    String userAgent) {

  public RegistryConfig {
    insecureRegistries = Set.copyOf(insecureRegistries);
    caFiles = Map.copyOf(caFiles);
    if (chunkSize < 1 || monolithicLimit < 0 || uploadConcurrency < 1) {
      throw new IllegalArgumentException("chunkSize, uploadConcurrency must be positive, monolithicLimit >= 0");
    }
  }

  /**
   * Whether {@code registry} (host[:port] as in references) is reached over plain HTTP: listed as
   * insecure or a loopback host, and without a CA file. Such a registry needs no TLS context.
   */
  public boolean plainHttp(String registry) {
    return caFiles.get(registry) == null && (insecureRegistries.contains(registry) || Endpoint.isLoopback(registry));
  }

  public static RegistryConfig defaults() {
    return new RegistryConfig(Set.of(), Map.of(), Duration.ofSeconds(30), Duration.ofSeconds(60),
        16L << 20, 8L << 20, 3, RetryPolicy.defaults(), "multiarch-build");
  }

  public RegistryConfig withInsecureRegistries(Set<String> hosts) {
    return new RegistryConfig(hosts, caFiles, connectTimeout, readTimeout, monolithicLimit, chunkSize,
        uploadConcurrency, retry, userAgent);
  }

  public RegistryConfig withCaFiles(Map<String, Path> files) {
    return new RegistryConfig(insecureRegistries, files, connectTimeout, readTimeout, monolithicLimit, chunkSize,
        uploadConcurrency, retry, userAgent);
  }

  public RegistryConfig withTimeouts(Duration connect, Duration read) {
    return new RegistryConfig(insecureRegistries, caFiles, connect, read, monolithicLimit, chunkSize,
        uploadConcurrency, retry, userAgent);
  }

  public RegistryConfig withChunking(long newMonolithicLimit, long newChunkSize) {
    return new RegistryConfig(insecureRegistries, caFiles, connectTimeout, readTimeout, newMonolithicLimit,
        newChunkSize, uploadConcurrency, retry, userAgent);
  }

  public RegistryConfig withUploadConcurrency(int n) {
    return new RegistryConfig(insecureRegistries, caFiles, connectTimeout, readTimeout, monolithicLimit, chunkSize,
        n, retry, userAgent);
  }

  public RegistryConfig withRetry(RetryPolicy policy) {
    return new RegistryConfig(insecureRegistries, caFiles, connectTimeout, readTimeout, monolithicLimit, chunkSize,
        uploadConcurrency, policy, userAgent);
  }
}
