package dev.docket.policy;

/**
 * One compiled IAM wildcard pattern: {@code *} matches any run of characters (also none), {@code ?}
 * exactly one. Classified once into the cheapest matcher that is exact for it: any string, an exact
 * string, a prefix (a single trailing {@code *}), or a general glob. The general matcher is the
 * iterative two-pointer algorithm with one backtrack point, so a hostile pattern costs at most
 * pattern × input steps, never exponential time or stack.
 *
 * <p>Case: a glob compares characters as given; callers lower-case both sides for case-insensitive
 * matching (actions). Immutable and thread-safe.
 */
final class Glob {

  enum Kind {
    ANY,
    EXACT,
    PREFIX,
    GENERAL
  }

  private final Kind kind;
  private final String text;

  /** For {@link Kind#GENERAL}: whether the character at each index is a wildcard. */
  private final boolean[] wild;

  private Glob(Kind kind, String text, boolean[] wild) {
    this.kind = kind;
    this.text = text;
    this.wild = wild;
  }

  /** A glob from a pattern whose {@code *} and {@code ?} are all wildcards. */
  static Glob of(String pattern) {
    boolean[] wild = new boolean[pattern.length()];
    for (int i = 0; i < wild.length; i++) {
      char c = pattern.charAt(i);
      wild[i] = c == '*' || c == '?';
    }
    return of(pattern, wild);
  }

  /**
   * A glob from a pattern and which of its characters are wildcards (a {@code *} from the escape
   * {@code ${*}} is a literal).
   */
  static Glob of(String pattern, boolean[] wild) {
    int wildcards = 0;
    int lastWild = -1;
    for (int i = 0; i < wild.length; i++) {
      if (wild[i]) {
        wildcards++;
        lastWild = i;
      }
    }
    if (wildcards == 0) {
      return new Glob(Kind.EXACT, pattern, null);
    }
    if (wildcards == 1 && lastWild == pattern.length() - 1 && pattern.charAt(lastWild) == '*') {
      return lastWild == 0
          ? new Glob(Kind.ANY, "", null)
          : new Glob(Kind.PREFIX, pattern.substring(0, lastWild), null);
    }
    boolean allStars = true;
    for (int i = 0; i < wild.length; i++) {
      allStars &= wild[i] && pattern.charAt(i) == '*';
    }
    return allStars ? new Glob(Kind.ANY, "", null) : new Glob(Kind.GENERAL, pattern, wild.clone());
  }

  Kind kind() {
    return kind;
  }

  /** The exact string, or the prefix, for those kinds. */
  String text() {
    return text;
  }

  boolean matches(String s) {
    return switch (kind) {
      case ANY -> true;
      case EXACT -> text.equals(s);
      case PREFIX -> s.startsWith(text);
      case GENERAL -> general(s);
    };
  }

  private boolean general(String s) {
    int p = 0;
    int i = 0;
    int star = -1;
    int starI = 0;
    int m = text.length();
    int n = s.length();
    while (i < n) {
      if (p < m && !(wild[p] && text.charAt(p) == '*')) {
        if ((wild[p] && text.charAt(p) == '?') || text.charAt(p) == s.charAt(i)) {
          p++;
          i++;
          continue;
        }
      } else if (p < m) {
        star = p++;
        starI = i;
        continue;
      }
      if (star < 0) {
        return false;
      }
      p = star + 1;
      i = ++starI;
    }
    while (p < m && wild[p] && text.charAt(p) == '*') {
      p++;
    }
    return p == m;
  }

  @Override
  public String toString() {
    return kind + ":" + text;
  }
}
