package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/**
 * An {@code ADD} source fetched from the network.
 *
 * @param url the HTTP(S) URL or Git repository address, expanded
 * @param git true for a Git repository
 * @param checksum {@code --checksum} (sha256 for HTTP, commit for Git), or null
 * @param keepGitDir {@code --keep-git-dir}
 */
public record RemoteSource(String url, boolean git, String checksum, boolean keepGitDir) implements Op {
  @Override
  public String kind() {
    return git ? "git" : "http";
  }

  @Override
  public List<Digest> inputs() {
    return List.of();
  }
}
