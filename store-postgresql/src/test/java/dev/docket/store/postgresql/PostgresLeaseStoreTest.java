package dev.docket.store.postgresql;

import dev.docket.store.Store;
import dev.docket.store.tck.LeaseStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
