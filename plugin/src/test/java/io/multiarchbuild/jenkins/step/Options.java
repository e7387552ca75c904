package io.multiarchbuild.jenkins.step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A mutable builder of {@link StepOptions} for tests, starting from every default. */
final class Options {
  String context;
  String file;
  String target;
  List<String> platforms = new ArrayList<>();
  List<String> tags = new ArrayList<>();
  boolean push;
  Map<String, String> buildArgs = new LinkedHashMap<>();
  Map<String, String> labels = new LinkedHashMap<>();
  List<StepOptions.CredentialRef> secrets = new ArrayList<>();
  List<StepOptions.CredentialRef> ssh = new ArrayList<>();
  boolean forwardAgent;
  List<StepOptions.CredentialRef> registries = new ArrayList<>();
  List<String> cacheFrom = new ArrayList<>();
  List<String> cacheTo = new ArrayList<>();
  List<String> outputs = new ArrayList<>();
  boolean noCache;
  List<StepOptions.PlatformLabel> builders = new ArrayList<>();
  String builderSet;

  StepOptions build() {
    return new StepOptions(context, file, target, platforms, tags, push, buildArgs, labels, secrets, ssh, forwardAgent,
        registries, cacheFrom, cacheTo, outputs, noCache, builders, builderSet);
  }
}
