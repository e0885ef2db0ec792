package dev.docket.store.postgresql;

import dev.docket.store.Store;
import dev.docket.store.tck.NotifierContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresNotifierTest extends NotifierContract {

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

  /** Another node: a second store, with its own pool and listening connection. */
  @Override
  protected Store newPeer() {
    return database.open();
  }
}
