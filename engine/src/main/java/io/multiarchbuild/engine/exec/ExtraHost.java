package io.multiarchbuild.engine.exec;

import java.util.Objects;

/**
 * An additional {@code /etc/hosts} line ({@code --add-host host=ip}), written after the localhost
 * lines as BuildKit does.
 *
 * @param host a host name
 * @param ip an IPv4 or IPv6 address literal (parsed by the caller, never resolved here)
 */
public record ExtraHost(String host, String ip) {

  public ExtraHost {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(ip, "ip");
    // one hosts-file line each: no blanks or line breaks that would smuggle in another entry
    if (host.isEmpty() || host.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("not a host name: \"" + host + "\"");
    }
    if (!ip.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
      throw new IllegalArgumentException("not an IP address: \"" + ip + "\"");
    }
  }
}
