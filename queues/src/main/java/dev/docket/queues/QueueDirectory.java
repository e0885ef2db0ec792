package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import dev.docket.model.RequestContext;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds queues by URL, ARN or id, and spells their URLs and ARNs for a request. Thread-safe (the
 * store is).
 */
final class QueueDirectory {

  private static final int PAGE = 1000;

  private final QueueStore store;

  QueueDirectory(QueueStore store) {
    this.store = store;
  }

  /** The queue a {@code QueueUrl} member names; {@code QueueDoesNotExist} if there is none. */
  QueueRecord resolve(JsonNode input) {
    return resolve(Inputs.requiredText(input, "QueueUrl"));
  }

  /** The queue a URL names; {@code QueueDoesNotExist} if there is none. */
  QueueRecord resolve(String queueUrl) {
    QueueAddresses.QueueKey key = QueueAddresses.parseUrl(queueUrl);
    return store
        .queue(key.accountId(), key.name())
        .orElseThrow(() -> Failures.queueDoesNotExist(queueUrl));
  }

  /** The queue an ARN names, if the ARN is one and the queue exists. */
  Optional<QueueRecord> byArn(String arn) {
    return QueueAddresses.parseArn(arn).flatMap(k -> store.queue(k.accountId(), k.name()));
  }

  /** The queue with this id, if it still exists. */
  Optional<QueueRecord> byId(long queueId) {
    return store.queue(queueId);
  }

  /** Every queue of an account, in name order. */
  List<QueueRecord> all(String accountId) {
    List<QueueRecord> all = new ArrayList<>();
    String after = "";
    while (true) {
      List<QueueRecord> page = store.listQueues(accountId, "", after, PAGE);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
      after = page.getLast().name();
    }
  }

  /** The queue's URL as this request addressed the server. */
  static String url(RequestContext context, QueueRecord queue) {
    return QueueAddresses.url(context.endpoint(), queue.accountId(), queue.name());
  }

  /** The queue's ARN in the request's region. */
  static String arn(RequestContext context, QueueRecord queue) {
    return QueueAddresses.arn(context.region(), queue.accountId(), queue.name());
  }

  /** Whether an ARN names this queue (any region). */
  static boolean names(String arn, QueueRecord queue) {
    return QueueAddresses.parseArn(arn)
        .map(k -> k.accountId().equals(queue.accountId()) && k.name().equals(queue.name()))
        .orElse(false);
  }
}
