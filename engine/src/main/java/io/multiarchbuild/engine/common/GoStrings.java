package io.multiarchbuild.engine.common;

/**
 * Go's {@code %q} ({@code strconv.Quote}) for a string. BuildKit quotes the failing word or command
 * this way in its messages; ours read the same, so users can search for either.
 */
public final class GoStrings {
  private GoStrings() {}

  /** Go {@code strconv.Quote}, which BuildKit uses ({@code %q}) to show the failing word. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            cp -> {
              switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0B -> b.append("\\v");
                default -> {
                  if (cp < 0x20 || cp == 0x7F) {
                    b.append(String.format("\\x%02x", cp));
                  } else if (isPrintable(cp)) {
                    b.appendCodePoint(cp);
                  } else if (cp < 0x10000) {
                    b.append(String.format("\\u%04x", cp));
                  } else {
                    b.append(String.format("\\U%08x", cp));
                  }
                }
              }
            });
    return b.append('"').toString();
  }

  private static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int type = Character.getType(cp);
    return switch (type) {
      case Character.UNASSIGNED,
              Character.CONTROL,
              Character.FORMAT,
              Character.PRIVATE_USE,
              Character.SURROGATE,
              Character.SPACE_SEPARATOR,
              Character.LINE_SEPARATOR,
              Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }}
