package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Finds queues by URL, ARN or id, and spells their URLs and ARNs for a request.
 *
 * <p>Every SQS request names its queue, so lookups by URL and ARN are served from a cache of queue
 * records (and of parsed URLs) instead of a store read each. The cache holds existing queues only
 * and is correct for a single node whose queue changes all go through this service: {@link
 * #changed} drops a queue after the store changed or deleted it. A lookup that raced with such a
 * change never leaves the old record behind: it caches only if no change happened meanwhile
 * (checked after inserting, so a concurrent {@code changed} either sees the entry or is seen).
 *
 * <p>Thread-safe (the store is; the caches are concurrent maps).
 */
final class QueueDirectory {

  private static final int PAGE = 1000;
  private static final Pattern BARE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}(\\.fifo)?");
  // bounds the caches against clients that send many distinct (e.g. made-up) addresses
  private static final int MAX_CACHED = 10_000;

  private final QueueStore store;
  private final Map<String, QueueAddresses.QueueKey> urls = new ConcurrentHashMap<>();
  private final Map<QueueAddresses.QueueKey, QueueRecord> queues = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();

  QueueDirectory(QueueStore store) {
    this.store = store;
  }

  /** The queue a {@code QueueUrl} member names; {@code QueueDoesNotExist} if there is none. */
  QueueRecord resolve(JsonNode input) {
    return resolve(Inputs.requiredText(input, "QueueUrl"));
  }

  /** The queue a URL names; {@code QueueDoesNotExist} if there is none. */
  QueueRecord resolve(String queueUrl) {
    QueueAddresses.QueueKey key = urls.get(queueUrl);
    if (key == null) {
      key = QueueAddresses.parseUrl(queueUrl);
      if (urls.size() >= MAX_CACHED) {
        urls.clear();
      }
      urls.put(queueUrl, key);
    }
    return byKey(key).orElseThrow(Failures::queueDoesNotExist);
  }

  /** The queue an ARN names, if the ARN is one and the queue exists. */
  Optional<QueueRecord> byArn(String arn) {
    return QueueAddresses.parseArn(arn).flatMap(this::byKey);
  }

  /** Forgets what is cached of a queue after the store changed or deleted it. */
  void changed(QueueRecord queue) {
    changes.incrementAndGet();
    queues.remove(new QueueAddresses.QueueKey(queue.accountId(), queue.name()));
  }

  private Optional<QueueRecord> byKey(QueueAddresses.QueueKey key) {
    QueueRecord cached = queues.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long before = changes.get();
    Optional<QueueRecord> found = store.queue(key.accountId(), key.name());
    found.ifPresent(
        queue -> {
          if (queues.size() >= MAX_CACHED) {
            queues.clear();
          }
          queues.put(key, queue);
          if (changes.get() != before) {
            queues.remove(key, queue); // a change raced with this read: the record may be old
          }
        });
    return found;
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

  /**
   * Turns a bare queue name given as {@code QueueUrl} into the URL of that queue in the caller's
   * account, as AWS accepts a name there.
   */
  static void qualifyBareName(ObjectNode input, RequestContext context) {
    JsonNode queueUrl = input.get("QueueUrl");
    if (queueUrl != null && queueUrl.isTextual()) {
      String name = queueUrl.asText().trim();
      if (BARE_NAME.matcher(name).matches()) {
        input.put(
            "QueueUrl", QueueAddresses.url(context.endpoint(), context.accountId(), name));
      }
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
