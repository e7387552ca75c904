package io.multiarchbuild.engine.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Renders a {@link SyntaxTree} for {@code multiarch-build dockerfile parse}. The JSON form is a stable,
 * documented interface ({@code docs/dockerfile-parse-json.md}); the text form is for people and may
 * change.
 */
public final class SyntaxTreeJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DefaultPrettyPrinter PRETTY =
      new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                  .withArrayEmptySeparator("")
                  .withObjectEmptySeparator(""));

  private SyntaxTreeJson() {}

  /** The instructions as a JSON array, two-space indented, ending without a newline. */
  public static String toJson(SyntaxTree tree) {
    ArrayNode array = MAPPER.createArrayNode();
    for (Node n : tree.nodes()) {
      array.add(toObject(n));
    }
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(array);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree to a string cannot fail", e);
    }
  }

  /** One instruction per line ({@code <lines> <instruction> [flags] <args>}), here-documents indented below. */
  public static String toText(SyntaxTree tree) {
    StringBuilder b = new StringBuilder();
    for (Node n : tree.nodes()) {
      b.append(n.startLine());
      if (n.endLine() != n.startLine()) {
        b.append('-').append(n.endLine());
      }
      b.append(' ');
      appendText(b, n);
      b.append('\n');
      for (Node owner = n; owner != null; owner = owner.nested()) {
        for (Heredoc h : owner.heredocs()) {
          b.append("    <<")
              .append(h.chomp() ? "-" : "")
              .append(h.name())
              .append(h.expand() ? "" : " (not expanded)")
              .append(": ")
              .append(quote(h.content()))
              .append('\n');
        }
      }
    }
    return b.toString();
  }

  private static void appendText(StringBuilder b, Node n) {
    b.append(n.keyword().isEmpty() ? "\"\"" : n.keyword());
    for (String f : n.flags()) {
      b.append(' ').append(f);
    }
    if (n.nested() != null) {
      b.append(' ');
      appendText(b, n.nested());
      return;
    }
    if (n.json()) {
      // HEALTHCHECK's exec form follows its type word: CMD ["curl", "-f", "..."]
      int from = n.keyword().equals("healthcheck") && !n.args().isEmpty() ? 1 : 0;
      if (from == 1) {
        b.append(' ').append(quote(n.args().get(0)));
      }
      b.append(" [");
      for (int i = from; i < n.args().size(); i++) {
        b.append(i == from ? "" : ", ").append(quote(n.args().get(i)));
      }
      b.append(']');
      return;
    }
    for (String a : n.args()) {
      b.append(' ').append(quote(a));
    }
  }

  private static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("quoting a string cannot fail", e);
    }
  }

  private static ObjectNode toObject(Node n) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("instruction", n.keyword());
    strings(o.putArray("flags"), n.flags());
    ArrayNode args = o.putArray("args");
    if (n.nested() != null) {
      args.add(toObject(n.nested()));
    } else {
      strings(args, n.args());
    }
    o.put("json", n.json());
    o.put("startLine", n.startLine());
    o.put("endLine", n.endLine());
    ArrayNode docs = o.putArray("heredocs");
    for (Heredoc h : n.heredocs()) {
      ObjectNode d = docs.addObject();
      d.put("name", h.name());
      d.put("content", h.content());
      d.put("expand", h.expand());
    }
    return o;
  }

  private static void strings(ArrayNode target, List<String> values) {
    values.forEach(target::add);
  }
}
