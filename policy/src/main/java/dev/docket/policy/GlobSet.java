package dev.docket.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The values of one {@code Action} or {@code Resource} element, compiled: a hash set of exact
 * values, an array of prefixes and an array of general globs, checked in that order; {@code *}
 * short-circuits to "matches anything". Immutable and thread-safe.
 */
final class GlobSet {

  private final boolean any;
  private final Set<String> exact;
  private final String[] prefixes;
  private final Glob[] general;

  private GlobSet(boolean any, Set<String> exact, String[] prefixes, Glob[] general) {
    this.any = any;
    this.exact = exact;
    this.prefixes = prefixes;
    this.general = general;
  }

  static GlobSet of(List<Glob> globs) {
    boolean any = false;
    Set<String> exact = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    List<Glob> general = new ArrayList<>();
    for (Glob glob : globs) {
      switch (glob.kind()) {
        case ANY -> any = true;
        case EXACT -> exact.add(glob.text());
        case PREFIX -> prefixes.add(glob.text());
        case GENERAL -> general.add(glob);
      }
    }
    return new GlobSet(
        any, Set.copyOf(exact), prefixes.toArray(String[]::new), general.toArray(Glob[]::new));
  }

  boolean matches(String s) {
    if (any || (!exact.isEmpty() && exact.contains(s))) {
      return true;
    }
    for (String prefix : prefixes) {
      if (s.startsWith(prefix)) {
        return true;
      }
    }
    for (Glob glob : general) {
      if (glob.matches(s)) {
        return true;
      }
    }
    return false;
  }
}
