package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.model.ServiceException;
import dev.docket.store.QueueRecord;
import dev.docket.store.QueueStore;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class QueueDirectoryTest {

  private static final String URL = "http://127.0.0.1:4566/000000000000/orders";

  /** A store whose only answer is the current record of "orders", counting the lookups by name. */
  private final AtomicReference<QueueRecord> stored = new AtomicReference<>(record("30"));

  private final AtomicInteger lookups = new AtomicInteger();
  private final QueueStore store =
      (QueueStore)
          Proxy.newProxyInstance(
              QueueStore.class.getClassLoader(),
              new Class<?>[] {QueueStore.class},
              (proxy, method, args) -> {
                if (method.getName().equals("queue") && args.length == 2) {
                  lookups.incrementAndGet();
                  QueueRecord queue = stored.get();
                  return queue != null && queue.name().equals(args[1])
                      ? Optional.of(queue)
                      : Optional.empty();
                }
                throw new UnsupportedOperationException(method.getName());
              });
  private final QueueDirectory directory = new QueueDirectory(store);

  @Test
  void repeatedLookupsOfAQueueReadTheStoreOnce() {
    directory.resolve(URL);
    directory.resolve(URL);
    QueueRecord byArn = directory.byArn("arn:aws:sqs:us-east-1:000000000000:orders").orElseThrow();

    assertThat(byArn.attributes()).containsEntry("VisibilityTimeout", "30");
    assertThat(lookups).hasValue(1);
  }

  @Test
  void aChangedQueueIsReadAgain() {
    directory.resolve(URL);
    stored.set(record("60"));

    directory.changed(stored.get());
    QueueRecord queue = directory.resolve(URL);

    assertThat(queue.attributes()).containsEntry("VisibilityTimeout", "60");
  }

  @Test
  void aDeletedQueueIsNotFoundOnceForgotten() {
    QueueRecord queue = directory.resolve(URL);
    stored.set(null);

    directory.changed(queue);

    assertThatThrownBy(() -> directory.resolve(URL)).isInstanceOf(ServiceException.class);
  }

  @Test
  void aMissingQueueIsNotCached() {
    stored.set(null);
    assertThatThrownBy(() -> directory.resolve(URL)).isInstanceOf(ServiceException.class);
    stored.set(record("30"));

    QueueRecord queue = directory.resolve(URL);

    assertThat(queue.name()).isEqualTo("orders");
  }

  private static QueueRecord record(String visibilityTimeout) {
    Instant created = Instant.parse("2026-01-01T00:00:00Z");
    return new QueueRecord(
        7,
        "000000000000",
        "orders",
        false,
        Map.of("VisibilityTimeout", visibilityTimeout),
        Map.of(),
        created,
        created);
  }
}
