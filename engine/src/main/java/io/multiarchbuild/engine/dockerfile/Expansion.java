package io.multiarchbuild.engine.dockerfile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of expanding one Dockerfile word with {@link ShellWords#process}.
 *
 * @param value the expanded text with quotes and escapes removed (BuildKit's {@code ProcessWord})
 * @param words the expanded text split on unquoted white space (BuildKit's {@code ProcessWords});
 *     quoted empty strings never produce a word
 * @param matched names that were referenced and set, in first-reference order (a build arg that is
 *     matched here is "used", which is what puts it into the cache key)
 * @param unmatched names that were referenced but unset, in first-reference order (the input of the
 *     {@code UndefinedVar} check). Special parameters such as {@code $1} or {@code $@} show up here
 *     under their own name ({@code "1"}, {@code "@"}) because BuildKit looks them up like any name.
 */
public record Expansion(String value, List<String> words, Set<String> matched, Set<String> unmatched) {
  public Expansion {
    words = List.copyOf(words);
    // Ordered copies: the first reference comes first, which is what a lint message wants.
    matched = Collections.unmodifiableSet(new LinkedHashSet<>(matched));
    unmatched = Collections.unmodifiableSet(new LinkedHashSet<>(unmatched));
  }
}
