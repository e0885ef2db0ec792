package dev.docket.queues;

import dev.docket.store.QueueRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The stored attributes of one queue read as typed values, with SQS's defaults for any absent.
 * Immutable.
 *
 * @param delay default delay of sent messages
 * @param maximumMessageSize largest message in bytes
 * @param retention how long messages are kept
 * @param receiveWait default long-poll wait
 * @param visibilityTimeout default visibility timeout
 * @param contentBasedDeduplication FIFO: deduplicate by SHA-256 of the body
 * @param deduplicationPerGroup FIFO: deduplication ids are scoped to the message group
 * @param redrivePolicy where dead letters go, if anywhere
 */
record QueueSettings(
    Duration delay,
    int maximumMessageSize,
    Duration retention,
    Duration receiveWait,
    Duration visibilityTimeout,
    boolean contentBasedDeduplication,
    boolean deduplicationPerGroup,
    Optional<RedrivePolicy> redrivePolicy) {

  /** Reads a queue's settings. */
  static QueueSettings of(QueueRecord queue) {
    Map<String, String> a = queue.attributes();
    return new QueueSettings(
        Duration.ofSeconds(integer(a, QueueAttributes.DELAY_SECONDS, 0)),
        integer(a, QueueAttributes.MAXIMUM_MESSAGE_SIZE, 1_048_576),
        Duration.ofSeconds(integer(a, QueueAttributes.MESSAGE_RETENTION_PERIOD, 345_600)),
        Duration.ofSeconds(integer(a, QueueAttributes.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, 0)),
        Duration.ofSeconds(integer(a, QueueAttributes.VISIBILITY_TIMEOUT, 30)),
        "true".equals(a.get(QueueAttributes.CONTENT_BASED_DEDUPLICATION)),
        "messageGroup".equals(a.get(QueueAttributes.DEDUPLICATION_SCOPE)),
        RedrivePolicy.of(queue));
  }

  private static int integer(Map<String, String> attributes, String name, int fallback) {
    try {
      return Integer.parseInt(attributes.getOrDefault(name, Integer.toString(fallback)));
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
