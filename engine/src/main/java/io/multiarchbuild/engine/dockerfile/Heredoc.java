package io.multiarchbuild.engine.dockerfile;

/**
 * One here-document attached to an instruction ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}).
 *
 * @param name the delimiter word without quotes or the leading {@code -}
 * @param content the body: every line up to the terminator, each with its own line ending as written
 *     ({@code \n}, or {@code \r\n} in a CRLF file, as BuildKit keeps it), so it is empty or ends in a
 *     line ending; for {@code <<-} leading tabs are already stripped from every line
 * @param expand false when any part of the delimiter was quoted: the body is then taken literally
 * @param chomp true for {@code <<-} (leading tabs were stripped from body and terminator)
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {}
