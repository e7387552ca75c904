package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/**
 * Files from a build context. One per reader (COPY, ADD, bind mount), so each reader's key depends
 * only on the paths it reads; the transfer may still fetch their union once.
 *
 * @param name the context name ({@code context} for the main one)
 * @param includes the paths or patterns read; empty = the whole context
 * @param excludes patterns never read (.dockerignore and {@code --exclude})
 */
public record ContextSource(String name, List<String> includes, List<String> excludes) implements Op {
  public ContextSource {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  @Override
  public String kind() {
    return "context";
  }

  @Override
  public List<Digest> inputs() {
    return List.of();
  }
}
