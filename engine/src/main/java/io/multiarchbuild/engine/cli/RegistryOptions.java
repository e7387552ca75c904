package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.export.ImageLocation;
import io.multiarchbuild.engine.registry.CredentialStore;
import io.multiarchbuild.engine.registry.Credentials;
import io.multiarchbuild.engine.registry.RegistryClient;
import io.multiarchbuild.engine.registry.RegistryConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Registry options shared by the image commands: credentials, plain-HTTP hosts, parallelism. */
final class RegistryOptions {

  @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]",
      description = "Reach this registry over plain HTTP (loopback hosts always are). Repeatable.")
  List<String> insecure = new ArrayList<>();

  @Option(names = "--parallel", paramLabel = "N", defaultValue = "6",
      description = "Blobs transferred at once (default: ${DEFAULT-VALUE}).")
  int parallel;

  @Option(names = "--chunk-size", paramLabel = "MiB", defaultValue = "512",
      description = "Blobs larger than this are uploaded in chunks of this size, resumable after a dropped "
          + "connection; smaller ones in one request (default: ${DEFAULT-VALUE}; against the distribution registry, a 256 MiB push in 16 MiB chunks took 1.8x as long as one request).")
  int chunkMiB;

  /**
   * A client whose credentials come from {@code explicit} (registry → user:password) first, then the
   * caller's docker config.json (found and its helpers run with the caller's environment).
   */
  RegistryClient client(CommandLine cli, Map<String, String> explicit, Invocation invocation) {
    Map<String, Credentials> creds = new HashMap<>();
    for (Map.Entry<String, String> e : explicit.entrySet()) {
      String v = e.getValue();
      int colon = v.indexOf(':');
      if (colon <= 0) {
        throw new CommandLine.ParameterException(cli, "credentials for " + e.getKey() + " must be USER:PASSWORD");
      }
      creds.put(e.getKey(), Credentials.basic(v.substring(0, colon), v.substring(colon + 1)));
    }
    if (chunkMiB < 1) {
      throw new CommandLine.ParameterException(cli, "--chunk-size must be at least 1 (MiB)");
    }
    if (parallel < 1) {
      throw new CommandLine.ParameterException(cli, "--parallel must be at least 1");
    }
    // The JDK HTTP client moves bodies in jdk.httpclient.bufsize pieces (16 KiB by default); 1 MiB made
    // a 256 MiB push ~12% faster (before uploads were sent from mapped files) and costs a pull the least
    // CPU (vs 256/512 KiB; bench/RESULTS.md). Read once, when the client's classes load, so set before the first client.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(1 << 20));
    }
    RegistryConfig config = RegistryConfig.defaults()
        .withInsecureRegistries(new LinkedHashSet<>(insecure))
        .withUploadConcurrency(parallel)
        .withChunking((long) chunkMiB << 20, (long) chunkMiB << 20);
    return RegistryClient.create(CredentialStore.firstOf(CredentialStore.of(creds), CredentialStore.dockerConfig(invocation.env())), config);
  }

  /** The registry host of a location, for per-location credentials; null for layouts. */
  static String registryOf(ImageLocation l) {
    return l.reference() == null ? null : l.reference().registry();
  }
}
