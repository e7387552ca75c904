package io.multiarchbuild.engine.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235): a scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull"}.
 * Scheme is lower-cased; parameter names are lower-cased; values are unquoted.
 */
record AuthChallenge(String scheme, Map<String, String> params) {

  AuthChallenge {
    params = Map.copyOf(params);
  }

  String param(String name) {
    return params.get(name);
  }

  /** Parses every challenge in a header value; unparseable tails are ignored, not fatal. */
  static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> out = new ArrayList<>();
    if (header == null) {
      return out;
    }
    int i = 0;
    int n = header.length();
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (i < n) {
      i = skip(header, i, " \t,");
      if (i >= n) {
        break;
      }
      int start = i;
      while (i < n && isToken(header.charAt(i))) {
        i++;
      }
      if (i == start) {
        break; // garbage: stop rather than loop
      }
      String token = header.substring(start, i);
      int j = skip(header, i, " \t");
      if (j < n && header.charAt(j) == '=' && scheme != null) {
        // auth-param: name=value or name="quoted value"
        j = skip(header, j + 1, " \t");
        StringBuilder value = new StringBuilder();
        if (j < n && header.charAt(j) == '"') {
          j++;
          while (j < n && header.charAt(j) != '"') {
            if (header.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            value.append(header.charAt(j++));
          }
          j++; // closing quote
        } else {
          while (j < n && header.charAt(j) != ',' && header.charAt(j) != ' ') {
            value.append(header.charAt(j++));
          }
        }
        params.put(token.toLowerCase(Locale.ROOT), value.toString());
        i = j;
      } else {
        if (scheme != null) {
          out.add(new AuthChallenge(scheme, params));
        }
        scheme = token.toLowerCase(Locale.ROOT);
        params = new LinkedHashMap<>();
        i = j;
      }
    }
    if (scheme != null) {
      out.add(new AuthChallenge(scheme, params));
    }
    return out;
  }

  private static int skip(String s, int i, String chars) {
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return i;
  }

  private static boolean isToken(char c) {
    return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={} \t".indexOf(c) < 0;
  }
}
