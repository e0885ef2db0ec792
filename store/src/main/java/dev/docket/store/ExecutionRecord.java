package dev.docket.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One state-machine execution as the store keeps it: the columns the API lists and filters on, and
 * a JSON {@code document} the states service owns (input, output, error, cause, the definition it
 * runs, ...).
 *
 * @param arn the execution ARN (primary key)
 * @param stateMachineArn the state machine (unqualified ARN) it belongs to, for listing
 * @param name the execution name, unique per state machine
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT}, {@code
 *     ABORTED} or {@code PENDING_REDRIVE}
 * @param startDate when it started (listing order: newest first)
 * @param stopDate when it ended, if it has
 * @param lastEventId the id of its last history event (0 before any); appends are fenced on it
 * @param document the service's JSON description of the execution
 */
public record ExecutionRecord(
    String arn,
    String stateMachineArn,
    String name,
    String status,
    Instant startDate,
    Optional<Instant> stopDate,
    long lastEventId,
    String document) {

  public ExecutionRecord {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startDate, "startDate");
    Objects.requireNonNull(stopDate, "stopDate");
    Objects.requireNonNull(document, "document");
  }
}
