package dev.docket.events;

import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Finds buses by the name or ARN a request gives, and keeps the promise that every account has a
 * {@code default} bus in every region: its document is created the first time an account and region
 * is seen (an idempotent store create), so it can carry tags and a policy like any other.
 *
 * <p>Thread-safe: the store is, and the set of accounts and regions already seen is concurrent.
 */
final class BusDirectory {

  private static final int ATTEMPTS = 5;

  private final ResourceStore store;
  private final Clock clock;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  BusDirectory(ResourceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The ARN of the bus {@code nameOrArn} names ({@code default} when empty). */
  static String arnOf(Optional<String> nameOrArn, RequestContext context) {
    String given = nameOrArn.orElse(Arns.DEFAULT_BUS);
    return given.startsWith("arn:")
        ? given
        : Arns.bus(context.region(), context.accountId(), given);
  }

  /** The bus name {@code nameOrArn} names ({@code default} when empty). */
  static String nameOf(Optional<String> nameOrArn) {
    String given = nameOrArn.orElse(Arns.DEFAULT_BUS);
    return given.startsWith("arn:") ? Arns.busName(given).orElse(given) : given;
  }

  /** The stored bus {@code nameOrArn} names; {@code ResourceNotFoundException} if none. */
  ResourceRecord resolveRecord(Optional<String> nameOrArn, RequestContext context) {
    ensureDefault(context);
    String arn = arnOf(nameOrArn, context);
    return store.get(Documents.BUS, arn).orElseThrow(() -> Failures.busNotFound(nameOf(nameOrArn)));
  }

  /** The bus {@code nameOrArn} names; {@code ResourceNotFoundException} if none. */
  Bus resolve(Optional<String> nameOrArn, RequestContext context) {
    return Documents.readBus(resolveRecord(nameOrArn, context).document());
  }

  /** The bus with ARN {@code arn}, if it exists. */
  Optional<Bus> byArn(String arn, RequestContext context) {
    ensureDefault(context);
    return store.get(Documents.BUS, arn).map(r -> Documents.readBus(r.document()));
  }

  /** Creates the {@code default} bus of the caller's account and region unless it exists. */
  void ensureDefault(RequestContext context) {
    String key = Bus.parentOf(context.accountId(), context.region());
    if (seen.contains(key)) {
      return;
    }
    Bus bus = Bus.defaultBus(context.region(), context.accountId(), clock.instant());
    if (store.get(Documents.BUS, bus.arn()).isEmpty()) {
      store.create(Documents.newRecord(bus));
    }
    seen.add(key);
  }

  /**
   * Reads, changes and replaces a resource document under optimistic concurrency, retrying a few
   * times when another writer got there first.
   *
   * @param change the new record from the current one (use {@link ResourceRecord#next})
   * @param notFound the error when the resource does not exist
   * @return the record as written
   */
  static ResourceRecord update(
      ResourceStore store,
      String kind,
      String id,
      UnaryOperator<ResourceRecord> change,
      Supplier<ServiceException> notFound) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      ResourceRecord current = store.get(kind, id).orElseThrow(notFound);
      ResourceRecord next = change.apply(current);
      if (next == current || store.replace(next)) {
        return next;
      }
    }
    throw Failures.concurrentModification();
  }
}
