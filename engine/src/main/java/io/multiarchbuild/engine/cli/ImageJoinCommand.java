package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.export.IndexJoin;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.ImageReference;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multiarch-build image join --tag T SRC...}: like {@code docker buildx imagetools create}. */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Join single-platform images (pushed separately, e.g. built on different machines) into one",
      "multi-platform image index and push it under every --tag. Prints the index digest."
    })
final class ImageJoinCommand extends CallerCommand {

  @Spec CommandSpec spec;

  @Option(names = {"-t", "--tag"}, required = true, paramLabel = "REF",
      description = "Where to push the index (registry/repo:tag). Repeatable.")
  List<String> tags;

  @Parameters(arity = "1..*", paramLabel = "SRC",
      description = "Source images: registry/repo@sha256:... (or :tag) of an image manifest or an index.")
  List<String> sources;

  @Option(names = "--creds", paramLabel = "USER:PASSWORD", description = "Credentials for the registry of the tags and sources.")
  String creds;

  @Option(names = "--verbose", description = "Also print each platform's manifest digest.") boolean verbose;

  @Mixin RegistryOptions registry;

  @Override
  public Integer call() {
    Map<String, String> c = new HashMap<>();
    if (creds != null) {
      for (String ref : sources) {
        c.put(ImageReference.parse(ref).registry(), creds);
      }
      for (String ref : tags) {
        c.put(ImageReference.parse(ref).registry(), creds);
      }
    }
    try (RegistryClient client = registry.client(spec.commandLine(), c, invocation)) {
      IndexJoin.Result r = new IndexJoin(client, null).joinReferences(sources, tags);
      PrintWriter out = spec.commandLine().getOut();
      out.println(r.digest());
      if (verbose) {
        for (Map.Entry<Platform, Digest> e : r.platforms().entrySet()) {
          out.println(e.getKey() + " " + e.getValue());
        }
      }
      out.flush();
    }
    return 0;
  }
}
