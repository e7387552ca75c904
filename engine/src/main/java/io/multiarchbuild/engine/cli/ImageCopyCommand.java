package io.multiarchbuild.engine.cli;

import io.multiarchbuild.engine.export.ImageCopier;
import io.multiarchbuild.engine.export.ImageLocation;
import io.multiarchbuild.engine.oci.Platform;
import io.multiarchbuild.engine.registry.RegistryClient;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code multiarch-build image copy SRC DST}: like {@code skopeo copy}. */
@Command(
    name = "copy",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Copy an image between registries and OCI layouts, keeping its digests.",
      "Locations: docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG]."
    })
final class ImageCopyCommand extends CallerCommand {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SRC") String source;

  @Parameters(index = "1", paramLabel = "DST") String destination;

  static final class Selection {
    @Option(names = "--all", description = "Copy every platform of an index (the default).") boolean all;

    @Option(names = "--platform", paramLabel = "OS/ARCH[/VARIANT]",
        description = "Copy only the manifest for this platform.") String platform;
  }

  @ArgGroup(exclusive = true) Selection selection;

  @Option(names = "--src-creds", paramLabel = "USER:PASSWORD", description = "Credentials for the source registry.")
  String srcCreds;

  @Option(names = "--dest-creds", paramLabel = "USER:PASSWORD", description = "Credentials for the destination registry.")
  String destCreds;

  @Mixin RegistryOptions registry;

  @Override
  public Integer call() {
    ImageLocation src = ImageLocation.parse(source).resolvedAgainst(invocation.workingDir());
    ImageLocation dst = ImageLocation.parse(destination).resolvedAgainst(invocation.workingDir());
    Map<String, String> creds = new HashMap<>();
    if (srcCreds != null && RegistryOptions.registryOf(src) != null) {
      creds.put(RegistryOptions.registryOf(src), srcCreds);
    }
    if (destCreds != null && RegistryOptions.registryOf(dst) != null) {
      creds.put(RegistryOptions.registryOf(dst), destCreds);
    }
    Platform platform = selection == null || selection.platform == null ? null : Platform.parse(selection.platform);
    try (RegistryClient client = registry.client(spec.commandLine(), creds, invocation)) {
      ImageCopier.CopyResult r = new ImageCopier(client, null, registry.parallel).copy(src, dst, platform);
      spec.commandLine().getOut().println(r.top().digest());
    }
    return 0;
  }
}
