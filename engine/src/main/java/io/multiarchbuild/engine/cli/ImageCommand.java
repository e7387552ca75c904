package io.multiarchbuild.engine.cli;

import picocli.CommandLine.Command;

/** {@code multiarch-build image ...}: copy and inspect images in registries and OCI layouts. */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Copy, inspect and join images (docker://REF, oci:DIR[:TAG], oci-archive:FILE[:TAG]).",
    subcommands = {ImageCopyCommand.class, ImageInspectCommand.class, ImageJoinCommand.class})
final class ImageCommand {}
