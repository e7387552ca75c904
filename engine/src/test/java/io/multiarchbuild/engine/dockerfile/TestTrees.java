package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds syntax trees for tests of the layers above the parser. Until the real parser is merged
 * this reads a deliberately tiny subset (one instruction per line, no continuations, no quotes, no
 * heredocs); afterwards it delegates to the parser.
 */
public final class TestTrees {
  private TestTrees() {}

  public static SyntaxTree tree(String... lines) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String text = lines[i].strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      nodes.add(node(i + 1, text));
    }
    return new SyntaxTree("Dockerfile", List.of(), '\\', nodes, List.of());
  }

  public static Node node(int line, String text) {
    String[] words = text.split("\\s+");
    String keyword = words[0].toLowerCase(Locale.ROOT);
    int i = 1;
    List<String> flags = new ArrayList<>();
    while (i < words.length && words[i].startsWith("--")) {
      flags.add(words[i++]);
    }
    String rest = String.join(" ", List.of(words).subList(i, words.length));
    if (keyword.equals("onbuild")) {
      return new Node(keyword, flags, List.of(), false, line, line, List.of(), node(line, rest), text);
    }
    boolean json = rest.startsWith("[");
    List<String> args = new ArrayList<>();
    if (json) {
      for (String a : rest.substring(1, rest.length() - 1).split(",")) {
        String t = a.strip();
        if (!t.isEmpty()) {
          args.add(t.substring(1, t.length() - 1));
        }
      }
    } else {
      switch (keyword) {
        case "run", "cmd", "entrypoint", "user", "workdir", "maintainer", "stopsignal" -> args.add(rest);
        case "env", "label" -> {
          for (String kv : rest.split("\\s+")) {
            int eq = kv.indexOf('=');
            args.add(kv.substring(0, eq));
            args.add(kv.substring(eq + 1));
          }
        }
        case "healthcheck" -> {
          String[] two = rest.split("\\s+", 2);
          args.add(two[0]);
          if (two.length > 1) {
            args.add(two[1]);
          }
        }
        default -> {
          if (!rest.isEmpty()) {
            args.addAll(List.of(rest.split("\\s+")));
          }
        }
      }
    }
    return new Node(keyword, flags, args, json, line, line, List.of(), null, text);
  }
}
