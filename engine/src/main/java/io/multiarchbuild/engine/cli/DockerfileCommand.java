package io.multiarchbuild.engine.cli;

import picocli.CommandLine.Command;

/** {@code multiarch-build dockerfile ...}: tools that look at a Dockerfile without building it. */
@Command(
    name = "dockerfile",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Inspect a Dockerfile without building it.",
    subcommands = {DockerfileParseCommand.class})
final class DockerfileCommand {}
