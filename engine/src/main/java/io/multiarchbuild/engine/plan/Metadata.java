package io.multiarchbuild.engine.plan;

import io.multiarchbuild.engine.oci.Digest;
import java.util.List;

/**
 * An image-config change (ENV, LABEL, USER, CMD, ENTRYPOINT, EXPOSE, VOLUME, HEALTHCHECK,
 * SHELL, STOPSIGNAL, ONBUILD, MAINTAINER, ARG). It changes no files, so file-system ops after it do
 * not take it as input: a LABEL edit never invalidates a later RUN, while an ENV edit does through
 * the RUN's environment.
 *
 * @param input the previous step of the stage (keeps the stage's history in order)
 * @param field the config field changed: env, label, user, cmd, entrypoint, expose, volume,
 *     workdir (only for {@code WORKDIR /}, which makes no layer), healthcheck, shell, stopsignal, onbuild, author, arg
 * @param values the new values, expanded ({@code K=V} for env/label/arg)
 */
public record Metadata(Digest input, String field, List<String> values) implements Op {
  public Metadata {
    values = List.copyOf(values);
  }

  @Override
  public String kind() {
    return "metadata";
  }

  @Override
  public List<Digest> inputs() {
    return List.of(input);
  }
}
