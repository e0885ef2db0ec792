package dev.docket.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A queue as stored. The store does not interpret {@code attributes}: they are the SQS attribute
 * names and string values the queue service chose to keep (VisibilityTimeout, RedrivePolicy, ...).
 *
 * @param id surrogate key assigned by the store; 0 for a queue not yet created
 * @param accountId owning account
 * @param name queue name, unique per account
 * @param fifo whether the queue is a FIFO queue (name ends with {@code .fifo})
 * @param attributes settable queue attributes, by SQS attribute name
 * @param tags cost-allocation tags
 * @param createdAt creation time
 * @param lastModifiedAt time of the last attribute change
 */
public record QueueRecord(
    long id,
    String accountId,
    String name,
    boolean fifo,
    Map<String, String> attributes,
    Map<String, String> tags,
    Instant createdAt,
    Instant lastModifiedAt) {

  /** Copies the maps and checks required components. */
  public QueueRecord {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(name, "name");
    attributes = Map.copyOf(attributes);
    tags = Map.copyOf(tags);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(lastModifiedAt, "lastModifiedAt");
  }

  /** This record with the given store-assigned id. */
  public QueueRecord withId(long newId) {
    return new QueueRecord(
        newId, accountId, name, fifo, attributes, tags, createdAt, lastModifiedAt);
  }
}
