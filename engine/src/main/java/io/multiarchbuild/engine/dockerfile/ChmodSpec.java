package io.multiarchbuild.engine.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code --chmod} value of COPY/ADD: an octal mode ({@code 755}) that replaces the source's
 * mode, or a symbolic one ({@code u=rwx,go=rx}, {@code +x}, {@code a-w}, {@code g=u}) that edits it,
 * the way POSIX chmod(1) does with a umask of 0 (BuildKit applies symbolic modes without a umask, so
 * a clause with no "who" means all of u, g and o).
 *
 * <p>Parsed once when the Dockerfile is read (so a bad value is a Dockerfile error with its line) and
 * applied per copied file, because a symbolic mode depends on each file's own mode ({@code X} adds
 * execute only to directories and files that already have an execute bit).
 */
public final class ChmodSpec {

  private static final int USER = 0700;
  private static final int GROUP = 0070;
  private static final int OTHER = 0007;

  /** One {@code who op perms} action. {@code copyFrom} is the class whose bits {@code =u}/{@code +g}/... copy, or 0. */
  private record Action(int who, char op, String perms, int copyFrom) {}

  private final String text;
  private final Integer octal;
  private final List<Action> actions;

  private ChmodSpec(String text, Integer octal, List<Action> actions) {
    this.text = text;
    this.octal = octal;
    this.actions = List.copyOf(actions);
  }

  /**
   * Parses a {@code --chmod} value.
   *
   * @throws IllegalArgumentException with a short reason when the value is neither octal nor symbolic
   */
  public static ChmodSpec parse(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("the mode is empty");
    }
    if (value.matches("[0-7]+")) {
      if (value.length() > 4) {
        throw new IllegalArgumentException("octal modes have at most 4 digits");
      }
      return new ChmodSpec(value, Integer.parseInt(value, 8), List.of());
    }
    if (Character.isDigit(value.charAt(0))) {
      throw new IllegalArgumentException("\"" + value + "\" is not an octal number");
    }
    List<Action> actions = new ArrayList<>();
    for (String clause : value.split(",", -1)) {
      parseClause(clause, actions);
    }
    return new ChmodSpec(value, null, actions);
  }

  private static void parseClause(String clause, List<Action> out) {
    if (clause.isEmpty()) {
      throw new IllegalArgumentException("empty clause (two commas, or a comma at an end)");
    }
    int i = 0;
    int who = 0;
    for (; i < clause.length() && "ugoa".indexOf(clause.charAt(i)) >= 0; i++) {
      who |= switch (clause.charAt(i)) {
        case 'u' -> USER;
        case 'g' -> GROUP;
        case 'o' -> OTHER;
        default -> USER | GROUP | OTHER;
      };
    }
    if (who == 0) {
      who = USER | GROUP | OTHER;
    }
    if (i == clause.length()) {
      throw new IllegalArgumentException("clause \"" + clause + "\" has no operator (+, - or =)");
    }
    while (i < clause.length()) {
      char op = clause.charAt(i);
      if ("+-=".indexOf(op) < 0) {
        throw new IllegalArgumentException("unexpected \"" + op + "\" in clause \"" + clause + "\" (expected +, - or =)");
      }
      i++;
      int start = i;
      while (i < clause.length() && "+-=".indexOf(clause.charAt(i)) < 0) {
        i++;
      }
      String perms = clause.substring(start, i);
      int copyFrom = 0;
      if (perms.length() == 1 && "ugo".contains(perms)) {
        copyFrom = perms.equals("u") ? USER : perms.equals("g") ? GROUP : OTHER;
      } else {
        for (char c : perms.toCharArray()) {
          if ("rwxXst".indexOf(c) < 0) {
            throw new IllegalArgumentException("unknown permission \"" + c + "\" in clause \"" + clause + "\" (use r, w, x, X, s, t, or one of u, g, o)");
          }
        }
      }
      out.add(new Action(who, op, copyFrom == 0 ? perms : "", copyFrom));
    }
  }

  /** True for an octal mode, which replaces the source mode instead of editing it. */
  public boolean isOctal() {
    return octal != null;
  }

  /** The permission bits (07777) of a copied file or directory whose source had {@code mode}. */
  public int apply(int mode, boolean directory) {
    if (octal != null) {
      return octal;
    }
    int m = mode & 07777;
    for (Action a : actions) {
      int bits;
      if (a.copyFrom() != 0) {
        int rwx = (m & a.copyFrom()) >> shift(a.copyFrom());
        bits = (rwx * 0111) & a.who();
      } else {
        bits = bits(a, m, directory);
      }
      switch (a.op()) {
        case '+' -> m |= bits;
        case '-' -> m &= ~bits;
        default -> {
          int clear = a.who();
          if ((a.who() & USER) != 0) {
            clear |= 04000;
          }
          if ((a.who() & GROUP) != 0 && !directory) {
            clear |= 02000; // like GNU chmod, = keeps a directory's set-group-id bit
          }
          if ((a.who() & OTHER) != 0) {
            clear |= 01000;
          }
          m = (m & ~clear) | bits;
        }
      }
    }
    return m;
  }

  private static int bits(Action a, int current, boolean directory) {
    int rwx = 0;
    int special = 0;
    for (char c : a.perms().toCharArray()) {
      switch (c) {
        case 'r' -> rwx |= 4;
        case 'w' -> rwx |= 2;
        case 'x' -> rwx |= 1;
        case 'X' -> {
          if (directory || (current & 0111) != 0) {
            rwx |= 1;
          }
        }
        case 's' -> {
          if ((a.who() & USER) != 0) {
            special |= 04000;
          }
          if ((a.who() & GROUP) != 0) {
            special |= 02000;
          }
        }
        default -> { // 't'
          if ((a.who() & OTHER) != 0) {
            special |= 01000;
          }
        }
      }
    }
    return ((rwx * 0111) & a.who()) | special;
  }

  private static int shift(int cls) {
    return cls == USER ? 6 : cls == GROUP ? 3 : 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
