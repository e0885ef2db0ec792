package dev.docket.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A dead-letter redrive (SQS message move task) as stored.
 *
 * @param taskHandle opaque handle given to the client
 * @param sourceQueueId the dead-letter queue messages move out of
 * @param sourceArn its ARN, as the client named it
 * @param destinationArn where messages go; empty means back to each message's source queue
 * @param maxMessagesPerSecond rate limit, if the client set one
 * @param status RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
 * @param moved messages moved so far
 * @param toMove messages in the source queue when the task started
 * @param failureReason why it failed, when FAILED
 * @param startedAt start time
 */
public record MoveTaskRecord(
    String taskHandle,
    long sourceQueueId,
    String sourceArn,
    Optional<String> destinationArn,
    Optional<Integer> maxMessagesPerSecond,
    String status,
    long moved,
    long toMove,
    Optional<String> failureReason,
    Instant startedAt) {

  /** Checks required components. */
  public MoveTaskRecord {
    Objects.requireNonNull(taskHandle, "taskHandle");
    Objects.requireNonNull(sourceArn, "sourceArn");
    Objects.requireNonNull(destinationArn, "destinationArn");
    Objects.requireNonNull(maxMessagesPerSecond, "maxMessagesPerSecond");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(failureReason, "failureReason");
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
