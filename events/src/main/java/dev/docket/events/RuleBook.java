package dev.docket.events;

import dev.docket.store.ResourceRecord;
import dev.docket.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side of rules: an immutable snapshot of each bus's rules (with their targets), loaded
 * from the store on first use and dropped whenever a rule or its targets change, and listeners told
 * the bus ARN after each such change (the router rebuilds its matcher then).
 *
 * <p>Thread-safe. A snapshot is loaded inside {@link ConcurrentHashMap#computeIfAbsent}, and {@link
 * #changed} removes it with the same map, which waits for a load in progress: a load that raced
 * with a write is never left behind. Correct for one node whose rule writes all go through this
 * service (as {@code QueueDirectory} is for queues).
 */
public final class RuleBook {

  private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);
  private static final int PAGE = 100;

  private final ResourceStore store;
  private final Map<String, List<Rule>> snapshots = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  private volatile Consumer<String> announcer = bus -> {};

  /** Creates a rule book reading {@code store}. */
  public RuleBook(ResourceStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Every rule of the bus {@code busArn} in name order (enabled or not); empty if none. */
  public List<Rule> rules(String busArn) {
    return snapshots.computeIfAbsent(busArn, this::load);
  }

  /**
   * Registers {@code listener}, called with a bus ARN after any rule of that bus (or its targets)
   * was created, changed or deleted. Called on the writer's thread; keep it short.
   */
  public void addListener(Consumer<String> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Has every later {@link #changed} told to {@code announcer} too (the other nodes sharing the
   * store, which call {@link #changedElsewhere}).
   */
  void announceTo(Consumer<String> announcer) {
    this.announcer = Objects.requireNonNull(announcer, "announcer");
  }

  /** Drops the snapshot of {@code busArn} and tells the listeners; call after every rule write. */
  void changed(String busArn) {
    dropped(busArn);
    announcer.accept(busArn);
  }

  /** Another node changed a rule of {@code busArn}: as {@link #changed}, without announcing it. */
  void changedElsewhere(String busArn) {
    dropped(busArn);
  }

  /**
   * Drops every snapshot and tells the listeners of each bus it had (a resync: a notification of
   * another node's change may have been lost).
   */
  void resync() {
    for (String busArn : List.copyOf(snapshots.keySet())) {
      dropped(busArn);
    }
  }

  private void dropped(String busArn) {
    snapshots.remove(busArn);
    for (Consumer<String> listener : listeners) {
      try {
        listener.accept(busArn);
      } catch (RuntimeException e) {
        LOG.warn("rule listener failed for {}", busArn, e);
      }
    }
  }

  private List<Rule> load(String busArn) {
    List<Rule> rules = new ArrayList<>();
    String after = "";
    while (true) {
      List<ResourceRecord> page = store.list(Documents.RULE, busArn, "", after, PAGE);
      for (ResourceRecord record : page) {
        rules.add(Documents.readRule(record.document()));
      }
      if (page.size() < PAGE) {
        return List.copyOf(rules);
      }
      after = page.getLast().name();
    }
  }
}
