package dev.docket.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.DeliveryRequest;
import dev.docket.delivery.Node;
import dev.docket.model.RequestContext;
import dev.docket.store.EventLogStore;
import dev.docket.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Archives and replays, in one place for {@code EventsService} to own: the nine operations, the
 * archivers of the buses that have archives, and the replay tasks (design note 0004).
 *
 * <ul>
 *   <li>{@link #log(EventLogStore)} wraps the store's event log for the event path, so appends wake
 *       the archivers and the routers' trims wait for them.
 *   <li>{@link #start()} once, after the routers: resumes the archivers and the unfinished replays.
 *   <li>{@link #handles} / {@link #invoke} serve the operations.
 *   <li>{@link #close()} stops the replays (releasing their leases) and the archivers.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class Archives implements AutoCloseable {

  private static final Set<String> OPERATIONS =
      Set.of(
          "CreateArchive",
          "DescribeArchive",
          "ListArchives",
          "UpdateArchive",
          "DeleteArchive",
          "StartReplay",
          "DescribeReplay",
          "ListReplays",
          "CancelReplay");

  private final Archivers archivers;
  private final ReplayTasks replays;
  private final ArchiveOperations archiveOperations;
  private final ReplayOperations replayOperations;

  Archives(
      Store store,
      BusDirectory buses,
      RuleBook rules,
      Consumer<List<DeliveryRequest>> engine,
      Clock clock,
      Node node) {
    this.archivers =
        new Archivers(store.eventLog(), store.archives(), store.resources(), clock, node);
    this.replays = new ReplayTasks(store.resources(), store.archives(), rules, engine, clock);
    this.archiveOperations =
        new ArchiveOperations(store.resources(), store.archives(), buses, archivers, clock);
    this.replayOperations = new ReplayOperations(store.resources(), buses, replays, clock);
  }

  /** The event log as the event path must see it: appends wake archivers, trims wait for them. */
  EventLogStore log(EventLogStore log) {
    return new ArchivingEventLog(log, archivers);
  }

  /** Resumes archiving and the replays that are not over. */
  void start() {
    archivers.start();
    replays.start();
  }

  /** Another node appended to {@code busArn}: wakes its archiver here, if any. */
  void appendedElsewhere(String busArn) {
    archivers.wake(busArn);
  }

  /** Another node changed the archives of {@code busArn}. */
  void changedElsewhere(String busArn) {
    archivers.changedElsewhere(busArn);
  }

  /**
   * A resync of a shared store: archivers for every indexed bus, reloaded; replays whose node died
   * resumed here.
   */
  void resync() {
    archivers.rescan();
    archivers.reloadAll();
    replays.rescan();
  }

  /** Whether {@code operation} is an archive or replay operation. */
  boolean handles(String operation) {
    return OPERATIONS.contains(operation);
  }

  /** Serves an archive or replay operation. */
  ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
    return switch (operation) {
      case "CreateArchive" -> archiveOperations.create(input, context);
      case "DescribeArchive" -> archiveOperations.describe(input, context);
      case "ListArchives" -> archiveOperations.list(input, context);
      case "UpdateArchive" -> archiveOperations.update(input, context);
      case "DeleteArchive" -> archiveOperations.delete(input, context);
      case "StartReplay" -> replayOperations.start(input, context);
      case "DescribeReplay" -> replayOperations.describe(input, context);
      case "ListReplays" -> replayOperations.list(input, context);
      case "CancelReplay" -> replayOperations.cancel(input, context);
      default -> throw new IllegalArgumentException("not an archive operation: " + operation);
    };
  }

  /** Stops the replay tasks, then the archivers. */
  @Override
  public void close() {
    replays.close();
    archivers.close();
  }
}
