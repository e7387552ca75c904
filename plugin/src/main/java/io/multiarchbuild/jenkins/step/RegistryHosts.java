package io.multiarchbuild.jenkins.step;

import io.multiarchbuild.engine.registry.ImageReference;
import java.util.Locale;

/** Registry URLs as users write them ({@code https://registry.example.com/}) → the host references use. */
final class RegistryHosts {
  private RegistryHosts() {}

  static String host(String url, String option) {
    String h = url.trim();
    int scheme = h.indexOf("://");
    if (scheme >= 0) {
      h = h.substring(scheme + 3);
    }
    int slash = h.indexOf('/');
    if (slash >= 0) {
      h = h.substring(0, slash);
    }
    h = h.toLowerCase(Locale.ROOT);
    if (h.isEmpty()) {
      throw new OptionError(option, "'" + url + "' names no registry host, e.g. registry.example.com");
    }
    if (h.equals("index.docker.io") || h.equals("registry-1.docker.io")) {
      return ImageReference.DOCKER_HUB;
    }
    if (!HOST.matcher(h).matches()) {
      throw new OptionError(option, "'" + url + "' is not a registry host[:port], e.g. registry.example.com:5000");
    }
    return h;
  }

  private static final java.util.regex.Pattern HOST =
      java.util.regex.Pattern.compile("([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?");
}
