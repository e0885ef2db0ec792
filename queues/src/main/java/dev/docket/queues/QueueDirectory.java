package dev.docket.queues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.Node;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.Notifier;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Finds queues by URL, ARN or id, and spells their URLs and ARNs for a request.
 *
 * <p>Every SQS request names its queue, so lookups by URL and ARN are served from a cache of queue
 * records (and of parsed URLs) instead of a store read each. The cache holds existing queues only
 * and is correct for a single node whose queue changes all go through this service: {@link
 * #changed} drops a queue after the store changed or deleted it. A lookup that raced with such a
 * change never leaves the old record behind: it caches only if no change happened meanwhile
 * (checked after inserting, so a concurrent {@code changed} either sees the entry or is seen). A
 * queue that does not exist is never cached, so a queue created a moment ago (here or on another
 * node) is found by the next lookup.
 *
 * <p>On a store other nodes share (design note 0006, "Caches"), {@link #changed} also tells the
 * other nodes on the channel {@value #CHANNEL} (payload: the queue's store account and name), which
 * drop the queue as if they had changed it themselves; a lost notification is healed by dropping
 * the whole cache at every {@link Node#onResync resynchronisation}. Between a change and its
 * notification another node may answer from the old record for a few milliseconds (SQS itself takes
 * up to a minute to spread attribute changes).
 *
 * <p>Thread-safe (the store is; the caches are concurrent maps).
 */
final class QueueDirectory implements AutoCloseable {

  /** The channel on which nodes tell each other that a queue record changed or went. */
  static final String CHANNEL = "queue_changes";

  private static final int PAGE = 1000;
  // bounds the caches against clients that send many distinct (e.g. made-up) addresses
  private static final int MAX_CACHED = 10_000;

  /** The home region of a directory made without one: Docket's default region. */
  static final String DEFAULT_HOME_REGION = "us-east-1";

  private final QueueStore store;
  private final String homeRegion;
  private final Map<String, QueueAddresses.QueueKey> urls = new ConcurrentHashMap<>();
  private final Map<QueueAddresses.QueueKey, QueueRecord> queues = new ConcurrentHashMap<>();
  private final AtomicLong changes = new AtomicLong();
  private final Node node;
  private final Notifier.Subscription subscription;

  QueueDirectory(QueueStore store) {
    this(store, DEFAULT_HOME_REGION);
  }

  /**
   * @param homeRegion the region whose queues the store keeps under the plain account id (see
   *     {@link QueueAddresses})
   */
  QueueDirectory(QueueStore store, String homeRegion) {
    this(store, homeRegion, Node.alone(Clock.systemUTC()));
  }

  /**
   * @param homeRegion as above
   * @param node this node: on a shared store, changes are told to and heard from the other nodes
   *     and the cache is dropped at every resynchronisation (nothing of it on a single node)
   */
  QueueDirectory(QueueStore store, String homeRegion, Node node) {
    this.store = store;
    this.homeRegion = homeRegion;
    this.node = node;
    subscription = node.listenToOthers(CHANNEL, this::heard);
    node.onResync(this::clear);
  }

  /** The queue a {@code QueueUrl} member names; {@code QueueDoesNotExist} if there is none. */
  QueueRecord resolve(JsonNode input) {
    return resolve(Inputs.requiredText(input, "QueueUrl"));
  }

  /**
   * The queue a URL names; {@code QueueDoesNotExist} if there is none. A URL that names no region
   * is read in the home region ({@link #qualify} gives it the request's region first).
   */
  QueueRecord resolve(String queueUrl) {
    QueueAddresses.QueueKey key = urls.get(queueUrl);
    if (key == null) {
      key = QueueAddresses.parseUrl(queueUrl).key(homeRegion);
      if (urls.size() >= MAX_CACHED) {
        urls.clear();
      }
      urls.put(queueUrl, key);
    }
    return byKey(key).orElseThrow(Failures::queueDoesNotExist);
  }

  /**
   * Rewrites the {@code QueueUrl} of a request into Docket's URL form with the region: a bare queue
   * name (which AWS accepts there) becomes the URL of that queue in the caller's account and
   * region, and a URL without a region gets the request's.
   */
  void qualify(ObjectNode input, RequestContext context) {
    JsonNode node = input.get("QueueUrl");
    if (node == null || !node.isTextual() || node.asText().contains("/queue/")) {
      return;
    }
    String queueUrl = node.asText();
    if (QueueAddresses.isBareName(queueUrl)) {
      input.put(
          "QueueUrl",
          QueueAddresses.url(
              context.endpoint(),
              new QueueAddresses.QueueKey(context.accountId(), context.region(), queueUrl.trim())));
      return;
    }
    try {
      QueueAddresses.QueueKey key = QueueAddresses.parseUrl(queueUrl).key(context.region());
      input.put("QueueUrl", QueueAddresses.url(context.endpoint(), key));
    } catch (ServiceException e) {
      // not a queue URL: resolving it reports InvalidAddress
    }
  }

  /** The queue an ARN names, if the ARN is one and the queue exists. */
  Optional<QueueRecord> byArn(String arn) {
    return QueueAddresses.parseArn(arn).flatMap(this::byKey);
  }

  /** The queue of this name in the caller's account and region, if it exists. */
  Optional<QueueRecord> byName(RequestContext context, String accountId, String name) {
    return byKey(new QueueAddresses.QueueKey(accountId, context.region(), name));
  }

  /** The account string the store keeps the caller's queues (in its region) under. */
  String storeAccount(RequestContext context) {
    return QueueAddresses.storeAccount(context.accountId(), context.region(), homeRegion);
  }

  /**
   * Forgets what is cached of a queue after the store changed or deleted it, here and (on a shared
   * store) on the other nodes.
   */
  void changed(QueueRecord queue) {
    changes.incrementAndGet();
    queues.remove(key(queue));
    node.notifyOthers(CHANNEL, queue.accountId() + " " + queue.name());
  }

  /** Forgets every cached queue (a resynchronisation: some notification may have been lost). */
  void clear() {
    changes.incrementAndGet();
    queues.clear();
  }

  /** What another node told: it changed or deleted the queue of this store account and name. */
  private void heard(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0) {
      clear(); // not ours to read: forgetting everything is always safe
      return;
    }
    changes.incrementAndGet();
    queues.remove(
        QueueAddresses.keyOf(
            payload.substring(0, space), payload.substring(space + 1), homeRegion));
  }

  /** Stops hearing the other nodes. */
  @Override
  public void close() {
    subscription.close();
  }

  private Optional<QueueRecord> byKey(QueueAddresses.QueueKey key) {
    QueueRecord cached = queues.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long before = changes.get();
    Optional<QueueRecord> found =
        store.queue(
            QueueAddresses.storeAccount(key.accountId(), key.region(), homeRegion), key.name());
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

  /** Every queue of the same account and region as {@code queue}, in name order. */
  List<QueueRecord> neighbours(QueueRecord queue) {
    List<QueueRecord> all = new ArrayList<>();
    String after = "";
    while (true) {
      List<QueueRecord> page = store.listQueues(queue.accountId(), "", after, PAGE);
      all.addAll(page);
      if (page.size() < PAGE) {
        return all;
      }
      after = page.getLast().name();
    }
  }

  /** A stored queue's account, region and name. */
  QueueAddresses.QueueKey key(QueueRecord queue) {
    return QueueAddresses.keyOf(queue.accountId(), queue.name(), homeRegion);
  }

  /** The queue's URL as this request addressed the server. */
  String url(RequestContext context, QueueRecord queue) {
    return QueueAddresses.url(context.endpoint(), key(queue));
  }

  /** The queue's ARN, in its own region. */
  String arn(QueueRecord queue) {
    return QueueAddresses.arn(key(queue));
  }

  /** Whether an ARN names this queue. */
  boolean names(String arn, QueueRecord queue) {
    return QueueAddresses.parseArn(arn).map(k -> k.equals(key(queue))).orElse(false);
  }
}
