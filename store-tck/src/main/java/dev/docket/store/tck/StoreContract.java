package dev.docket.store.tck;

import dev.docket.store.NewMessage;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import dev.docket.store.ReceiveRequest;
import dev.docket.store.ReceiveResult;
import dev.docket.store.SendResult;
import dev.docket.store.Store;
import dev.docket.store.StoredMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of every contract: opens a fresh store before each test, closes it after, and offers
 * small builders for queues, messages and receives. Subclasses are not thread-safe (JUnit runs one
 * test per instance).
 */
public abstract class StoreContract {

  /** The account every contract queue belongs to. */
  protected static final String ACCOUNT = "000000000000";

  /** The start of every contract's timeline. */
  protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** The visibility timeout the receive helpers use. */
  protected static final Duration VISIBILITY = Duration.ofSeconds(30);

  /** The store under test, open during each test. */
  protected Store store;

  /** A new, empty store; the contract closes it. */
  protected abstract Store newStore();

  @BeforeEach
  final void openStore() {
    store = newStore();
  }

  @AfterEach
  final void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** The queue store of the store under test. */
  protected QueueStore queues() {
    return store.queues();
  }

  /** Creates a queue of {@link #ACCOUNT}; FIFO when the name ends with {@code .fifo}. */
  protected QueueRecord createQueue(String name) {
    return queues()
        .createQueue(
            new QueueRecord(0, ACCOUNT, name, name.endsWith(".fifo"), Map.of(), Map.of(), T0, T0));
  }

  /** A standard message sent and visible at {@link #T0}. */
  protected static NewMessage message(String body) {
    return message(body, T0, T0);
  }

  /** A standard message. */
  protected static NewMessage message(String body, Instant sentAt, Instant visibleAt) {
    return new NewMessage(
        UUID.randomUUID().toString(),
        body,
        "{\"body\":\"" + body + "\"}",
        sentAt,
        visibleAt,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** A FIFO message with a five-minute deduplication window ending at {@code sentAt}. */
  protected static NewMessage fifoMessage(
      String body, String groupId, String deduplicationId, Instant sentAt) {
    return new NewMessage(
        UUID.randomUUID().toString(),
        body,
        "{}",
        sentAt,
        sentAt,
        Optional.of(groupId),
        Optional.of(deduplicationId),
        Optional.of(sentAt.minus(Duration.ofMinutes(5))));
  }

  /** Sends standard messages with these bodies, one call each, returning their results. */
  protected List<SendResult> sendEach(QueueRecord queue, String... bodies) {
    return Arrays.stream(bodies)
        .map(body -> queues().send(queue.id(), List.of(message(body))).getFirst())
        .toList();
  }

  /** Receives up to {@code max} messages at {@code now} with {@link #VISIBILITY}. */
  protected ReceiveResult receive(QueueRecord queue, Instant now, int max) {
    return queues().receive(request(queue, now, max));
  }

  /** A receive request with {@link #VISIBILITY}, no redrive and no retention limit. */
  protected static ReceiveRequest request(QueueRecord queue, Instant now, int max) {
    return new ReceiveRequest(
        queue.id(), now, max, VISIBILITY, queue.fifo(), Optional.empty(), Instant.EPOCH);
  }

  /** The bodies of the received messages, in order. */
  protected static List<String> bodies(ReceiveResult result) {
    return result.messages().stream().map(StoredMessage::body).toList();
  }

  /** {@code T0} plus some seconds. */
  protected static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }
}
