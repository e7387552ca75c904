package io.multiarchbuild.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, so it is never written twice. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"multiarch-build " + (version == null ? "(development build)" : version)};
  }
}
