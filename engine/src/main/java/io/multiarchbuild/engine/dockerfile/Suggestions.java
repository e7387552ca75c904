package io.multiarchbuild.engine.dockerfile;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean …?" hints for misspelt keywords, flags, mount keys and stage names. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate closest to {@code word} (case-insensitive edit distance), or null when none is
   * close enough to be a plausible typo: at most 2 edits, and fewer edits than the word has letters.
   */
  public static String closest(String word, Collection<String> candidates) {
    String w = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    if (best == null || bestDistance > 2 || bestDistance >= w.length()) {
      return null;
    }
    return best;
  }

  /** {@code " (did you mean X?)"} or the empty string, ready to append to a message. */
  public static String hint(String word, Collection<String> candidates, String prefix) {
    String c = closest(word, candidates);
    return c == null ? "" : " (did you mean " + prefix + c + "?)";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
