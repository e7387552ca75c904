package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.export.ImageInspector;
import io.multiarchbuild.engine.export.ImageLocation;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multiarch-build image inspect REF}: like {@code skopeo inspect}. */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Print an image's manifest (--raw) or a summary of its config for one platform.")
final class ImageInspectCommand extends CallerCommand {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REF", description = "docker://REF (or a plain REF), oci:DIR[:TAG], oci-archive:FILE[:TAG]")
  String location;

  @Option(names = "--raw", description = "Print the manifest or index exactly as stored.") boolean raw;

  @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]", description = "For an index: which platform to summarise (default: this host's).")
  String platform;

  @Option(names = "--creds", paramLabel = "USER:PASSWORD", description = "Credentials for the registry.")
  String creds;

  @Mixin RegistryOptions registry;

  @Override
  public Integer call() {
    ImageLocation l = ImageLocation.parse(location).resolvedAgainst(invocation.workingDir());
    Map<String, String> c = creds != null && RegistryOptions.registryOf(l) != null
        ? Map.of(RegistryOptions.registryOf(l), creds) : Map.of();
    try (RegistryClient client = registry.client(spec.commandLine(), c, invocation)) {
      ImageInspector inspector = new ImageInspector(client);
      if (raw) {
        spec.commandLine().getOut().print(new String(inspector.raw(l), StandardCharsets.UTF_8));
      } else {
        Platform p = platform == null ? Platform.host() : Platform.parse(platform);
        spec.commandLine().getOut().println(inspector.summary(l, p));
      }
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
