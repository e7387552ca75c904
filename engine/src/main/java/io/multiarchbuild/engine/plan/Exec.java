package io.multiarchbuild.engine.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.multiarchbuild.engine.dockerfile.Heredoc;
import io.multiarchbuild.engine.oci.Digest;
import io.multiarchbuild.engine.oci.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@code RUN}.
 *
 * @param input the root file system it runs on
 * @param args the argv: exec form as written, shell form prefixed with the stage's SHELL
 * @param heredocs files to mount read-only and executable under {@code /dev/pipes/}: the body of a
 *     RUN that is a single {@code #!} heredoc, which {@code args} then runs (BuildKit's rule);
 *     other heredocs are already folded into {@code args}
 * @param env environment from ENV and from declared build arguments with a value (ENV wins);
 *     the base image's environment is added by the solver
 * @param proxyEnv undeclared proxy build arguments (HTTP_PROXY …): passed to the command but, as in
 *     BuildKit, not part of the cache key
 * @param cwd working directory from the Dockerfile's WORKDIR, or empty for the image's default
 * @param user user, or empty for the image's default
 * @param mounts {@code --mount}s, in order
 * @param network default, none or host
 * @param security sandbox or insecure
 * @param devices labs {@code --device} values
 * @param platform the platform the command runs for
 */
public record Exec(
    Digest input,
    List<String> args,
    List<Heredoc> heredocs,
    Map<String, String> env,
    @JsonIgnore Map<String, String> proxyEnv,
    String cwd,
    String user,
    List<ExecMount> mounts,
    String network,
    String security,
    List<String> devices,
    Platform platform)
    implements Op {

  public Exec {
    args = List.copyOf(args);
    heredocs = List.copyOf(heredocs);
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
    proxyEnv = java.util.Collections.unmodifiableMap(new TreeMap<>(proxyEnv));
    mounts = List.copyOf(mounts);
    devices = List.copyOf(devices);
  }

  @Override
  public String kind() {
    return "exec";
  }

  @Override
  public List<Digest> inputs() {
    List<Digest> in = new ArrayList<>();
    in.add(input);
    for (ExecMount m : mounts) {
      if (m.input() != null) {
        in.add(m.input());
      }
    }
    return in;
  }
}
