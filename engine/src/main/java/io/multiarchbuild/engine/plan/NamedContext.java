package io.multiarchbuild.engine.plan;

import java.util.Locale;
import java.util.Objects;

/**
 * A named build context ({@code --build-context name=value}, as buildx): FROM and COPY --from (and
 * RUN --mount from=) that name it use it instead of a stage or image of that name.
 *
 * @param name the name the Dockerfile uses, lower-cased
 * @param kind what the value is
 * @param value an absolute directory for {@link Kind#LOCAL}, an image reference for {@link Kind#IMAGE},
 *     {@code dir[:tag|@digest]} for {@link Kind#OCI_LAYOUT}
 */
public record NamedContext(String name, Kind kind, String value) {

  /** The value forms of {@code --build-context}. */
  public enum Kind { LOCAL, IMAGE, OCI_LAYOUT }

  public NamedContext {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    name = name.toLowerCase(Locale.ROOT);
  }
}
