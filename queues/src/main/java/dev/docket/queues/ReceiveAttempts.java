package dev.docket.queues;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FIFO receive deduplication: a ReceiveMessage retried with the same {@code
 * ReceiveRequestAttemptId} within five minutes answers the messages and receipt handles of the
 * first attempt. Kept in memory on the node that served the attempt (a retry that reaches another
 * node, or comes after a restart, claims anew). Thread-safe.
 */
final class ReceiveAttempts {

  /** How long an attempt id is remembered, as in SQS. */
  static final Duration INTERVAL = Duration.ofMinutes(5);

  private static final int MAX_REMEMBERED = 10_000;

  private final Map<Key, Attempt> attempts = new ConcurrentHashMap<>();

  private record Key(long queueId, String attemptId) {}

  private record Attempt(ObjectNode output, Instant expiresAt) {}

  /** The answer to an earlier attempt with this id, if it is still remembered. */
  Optional<ObjectNode> earlier(long queueId, String attemptId, Instant now) {
    Attempt attempt = attempts.get(new Key(queueId, attemptId));
    if (attempt == null || !now.isBefore(attempt.expiresAt())) {
      return Optional.empty();
    }
    return Optional.of(attempt.output().deepCopy());
  }

  /** Remembers the answer to an attempt, forgetting expired ones. */
  void remember(long queueId, String attemptId, ObjectNode output, Instant now) {
    attempts.values().removeIf(a -> !now.isBefore(a.expiresAt()));
    if (attempts.size() < MAX_REMEMBERED) {
      attempts.put(new Key(queueId, attemptId), new Attempt(output.deepCopy(), now.plus(INTERVAL)));
    }
  }
}
