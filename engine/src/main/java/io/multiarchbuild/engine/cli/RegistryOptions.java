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

  /** A client whose credentials come from {@code explicit} (registry → user:password) first, then docker's config.json. */
  RegistryClient client(CommandLine cli, Map<String, String> explicit) {
    Map<String, Credentials> creds = new HashMap<>();
    for (Map.Entry<String, String> e : explicit.entrySet()) {
      String v = e.getValue();
      int colon = v.indexOf(':');
      if (colon <= 0) {
        throw new CommandLine.ParameterException(cli, "credentials for " + e.getKey() + " must be USER:PASSWORD");
      }
      creds.put(e.getKey(), Credentials.basic(v.substring(0, colon), v.substring(colon + 1)));
    }
    if (parallel < 1) {
      throw new CommandLine.ParameterException(cli, "--parallel must be at least 1");
    }
    RegistryConfig config = RegistryConfig.defaults()
        .withInsecureRegistries(new LinkedHashSet<>(insecure))
        .withUploadConcurrency(parallel);
    return RegistryClient.create(CredentialStore.firstOf(CredentialStore.of(creds), CredentialStore.dockerConfig()), config);
  }

  /** The registry host of a location, for per-location credentials; null for layouts. */
  static String registryOf(ImageLocation l) {
    return l.reference() == null ? null : l.reference().registry();
  }
}
