package dev.docket.patterns;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The keys a {@link RuleMatcher} matched, as an immutable set view over the list event-ruler
 * returned, so that a match costs one small object rather than a copy into a hash set.
 *
 * <p>event-ruler's structured matcher (the default since 2.0, used here) returns each rule once, so
 * the list has no duplicates. {@code contains} is linear, which is cheap for the handful of rules
 * an event matches; callers iterate. Immutable and thread-safe: nobody else holds the list.
 *
 * @param <K> the key type
 */
final class MatchedKeys<K> extends AbstractSet<K> {

  private final List<K> keys;

  MatchedKeys(List<K> keys) {
    this.keys = Collections.unmodifiableList(keys);
  }

  @Override
  public Iterator<K> iterator() {
    return keys.iterator();
  }

  @Override
  public int size() {
    return keys.size();
  }

  @Override
  public boolean contains(Object key) {
    return keys.contains(key);
  }
}
