package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.Lease;
import dev.docket.store.Store;
import dev.docket.store.tck.LeaseStoreContract;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresLeaseStoreTest extends LeaseStoreContract {

  private static TestDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = TestDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.drop();
    }
  }

  @Override
  protected Store newStore() {
    return database.fresh();
  }

  @Test
  void ofNodesRacingForALeaseExactlyOneWinsAndEachTakeoverHasALargerToken() throws Exception {
    Duration ttl = Duration.ofSeconds(30);
    List<Store> nodes = List.of(store, database.open(), database.open());
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * 2);
    try {
      long previous = 0;
      for (int round = 0; round < 10; round++) {
        Instant now = T0.plus(ttl.multipliedBy(round));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<Lease>>> attempts = new ArrayList<>();
        for (int t = 0; t < nodes.size() * 2; t++) {
          Store node = nodes.get(t % nodes.size());
          String owner = "node-" + round + "-" + t;
          attempts.add(
              pool.submit(
                  () -> {
                    start.await();
                    return node.leases().acquire("execution:e1", owner, ttl, now);
                  }));
        }
        start.countDown();
        List<Lease> winners = new ArrayList<>();
        for (Future<Optional<Lease>> attempt : attempts) {
          attempt.get().ifPresent(winners::add);
        }

        assertThat(winners).hasSize(1);
        assertThat(winners.getFirst().token()).isGreaterThan(previous);
        previous = winners.getFirst().token();
      }
    } finally {
      pool.shutdownNow();
      nodes.subList(1, nodes.size()).forEach(Store::close);
    }
  }
}
