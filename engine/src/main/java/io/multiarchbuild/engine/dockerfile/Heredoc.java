package io.multiarchbuild.engine.dockerfile;

/**
 * One here-document attached to an instruction ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}).
 *
 * @param name the delimiter word without quotes or the leading {@code -}
 * @param content the body, lines joined with {@code \n} and ending in {@code \n}; for {@code <<-}
 *     leading tabs are already stripped
 * @param expand false when any part of the delimiter was quoted: the body is then taken literally
 * @param chomp true for {@code <<-} (leading tabs were stripped from body and terminator)
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {}
