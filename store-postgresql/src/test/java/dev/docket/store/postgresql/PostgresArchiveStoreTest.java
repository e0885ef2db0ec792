package dev.docket.store.postgresql;

import dev.docket.store.Store;
import dev.docket.store.tck.ArchiveStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresArchiveStoreTest extends ArchiveStoreContract {

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
