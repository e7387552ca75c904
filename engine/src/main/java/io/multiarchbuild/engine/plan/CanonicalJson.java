package io.multiarchbuild.engine.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal compact JSON writer for the canonical op encoding. It produces exactly the characters
 * Jackson's default generator did when keys were computed through an ObjectMapper: no whitespace;
 * in strings only the quote, the backslash and the control characters below U+0020 are escaped,
 * those with a short form (backspace, tab, newline, form feed, carriage return) as b t n f r after
 * a backslash, the others as a backslash, "u00" and two upper-case hex digits; the slash, DEL and
 * non-ASCII are written as they are. Keys must never change, so {@code CanonicalEncodingTest}
 * compares it with Jackson for every UTF-16 code unit and every op shape.
 *
 * <p>Hand-written rather than reflective because Jackson's first serializer construction for the
 * op records cost 0.3-0.8 s of CPU in every fresh JVM, even when the whole build is cached.
 */
final class CanonicalJson {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final int MAX_DEPTH = 16;

  private final StringBuilder out;
  private boolean comma;
  private int depth;
  // The last property name per open object: names must be written in ascending order, as Jackson's
  // SORT_PROPERTIES_ALPHABETICALLY wrote them (String.compareTo), or the encoding is wrong.
  private final String[] lastName = new String[MAX_DEPTH];

  CanonicalJson(StringBuilder out) {
    this.out = out;
  }

  CanonicalJson beginObject() {
    separate();
    out.append('{');
    if (++depth >= MAX_DEPTH) {
      throw new IllegalStateException("canonical JSON nested too deeply");
    }
    lastName[depth] = null;
    comma = false;
    return this;
  }

  CanonicalJson endObject() {
    out.append('}');
    depth--;
    comma = true;
    return this;
  }

  /** Writes a property name; the value must follow. Names must come in ascending order. */
  CanonicalJson name(String name) {
    String previous = lastName[depth];
    if (previous != null && previous.compareTo(name) >= 0) {
      throw new IllegalStateException("canonical JSON property \"" + name + "\" written after \"" + previous + "\"");
    }
    lastName[depth] = name;
    separate();
    quote(name);
    out.append(':');
    comma = false;
    return this;
  }

  CanonicalJson value(String s) {
    separate();
    if (s == null) {
      out.append("null");
    } else {
      quote(s);
    }
    comma = true;
    return this;
  }

  /** Numbers and booleans (boxed or not) as Java prints them; null as {@code null}. */
  CanonicalJson literal(Object numberOrBoolean) {
    separate();
    out.append(numberOrBoolean); // StringBuilder.append(Object) writes "null" for null
    comma = true;
    return this;
  }

  /** Values with a string form (Digest, Platform, enums by name); null as {@code null}. */
  CanonicalJson string(Object value) {
    return value(value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString());
  }

  CanonicalJson strings(List<String> values) {
    separate();
    out.append('[');
    comma = false;
    for (String v : values) {
      value(v);
    }
    out.append(']');
    comma = true;
    return this;
  }

  /** A string map as an object with its entries sorted by key (Jackson's ORDER_MAP_ENTRIES_BY_KEYS). */
  CanonicalJson stringMap(Map<String, String> map) {
    separate();
    out.append('{');
    comma = false;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      separate();
      quote(e.getKey());
      out.append(':');
      comma = false;
      value(e.getValue());
    }
    out.append('}');
    comma = true;
    return this;
  }

  /** Opens an array of objects or other values; each element is written with the usual calls. */
  CanonicalJson beginArray() {
    separate();
    out.append('[');
    comma = false;
    return this;
  }

  CanonicalJson endArray() {
    out.append(']');
    comma = true;
    return this;
  }

  private void separate() {
    if (comma) {
      out.append(',');
    }
  }

  private void quote(String s) {
    out.append('"');
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(s, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    out.append(s, start, n);
    out.append('"');
  }
}
