package dev.docket.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A closed execution found by a retention scan ({@code ExecutionStore.expire}), with the size of
 * its history, so that a store can split a large batch into deletions of bounded size: deleting the
 * histories of 500 executions can mean millions of rows, and other writers wait behind one long
 * transaction (on SQLite's single writer, all of them). Immutable.
 *
 * @param arn the execution's ARN
 * @param events how many history events it has (its last event id)
 */
public record Expirable(String arn, long events) {

  public Expirable {
    Objects.requireNonNull(arn, "arn");
  }

  /**
   * The ARNs of {@code found} in order, cut into chunks of at most about {@code maxEvents} history
   * events each; an execution larger than that is a chunk of its own, as a history is never split.
   */
  public static List<List<String>> chunks(List<Expirable> found, long maxEvents) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    long events = 0;
    for (Expirable execution : found) {
      if (!chunk.isEmpty() && events + execution.events() > maxEvents) {
        chunks.add(List.copyOf(chunk));
        chunk.clear();
        events = 0;
      }
      chunk.add(execution.arn());
      events += execution.events();
    }
    if (!chunk.isEmpty()) {
      chunks.add(List.copyOf(chunk));
    }
    return chunks;
  }
}
