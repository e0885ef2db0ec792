package dev.docket.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.Store;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one store (SQLite's notifier fans out in the process, as PostgreSQL's does across
 * processes): what one announces, the other hears, every key at least once, coalesced into few
 * notifications; the announcer's own node hears nothing; a single node sends nothing.
 */
class AnnouncerTest {

  @TempDir Path directory;
  private Store store;
  private Node a;
  private Node b;
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    Clock clock = Clock.systemUTC();
    a = Node.shared(store, "a", Duration.ofSeconds(10), Duration.ofHours(1), clock);
    b = Node.shared(store, "b", Duration.ofSeconds(10), Duration.ofHours(1), clock);
    b.listenToOthers("things", heard::add);
    a.listenToOthers("things", payload -> heard.add("a heard " + payload));
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
    store.close();
  }

  @Test
  void everyAnnouncedKeyIsHeardByTheOtherNodesInFewNotifications() throws InterruptedException {
    Announcer announcer = new Announcer(a, "things", "k ");
    try {
      Set<String> expected = new HashSet<>();
      for (int i = 0; i < 500; i++) {
        announcer.announce("key" + (i % 50));
        expected.add("key" + (i % 50));
      }
      Set<String> keys = new HashSet<>();
      List<String> payloads = new ArrayList<>();
      while (!keys.containsAll(expected)) {
        String payload = heard.poll(10, TimeUnit.SECONDS);
        assertThat(payload).as("heard %s of %s", keys.size(), expected.size()).isNotNull();
        assertThat(payload).startsWith("k ");
        payloads.add(payload);
        Announcer.keys(payload.substring(2), keys::add);
      }
      assertThat(keys).isEqualTo(expected);
      assertThat(payloads.size()).isLessThan(500);
    } finally {
      announcer.close();
    }
  }

  @Test
  void announceAllIsOneStarAndASingleNodeSendsNothing() throws InterruptedException {
    Announcer announcer = new Announcer(a, "things", "k ");
    Announcer alone = new Announcer(Node.single(store, Clock.systemUTC()), "things", "k ");
    try {
      alone.announce("lost");
      announcer.announceAll();
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("k *");
      assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      announcer.close();
      alone.close();
    }
  }
}
