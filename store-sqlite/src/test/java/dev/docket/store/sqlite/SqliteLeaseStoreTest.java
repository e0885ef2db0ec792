package dev.docket.store.sqlite;

import dev.docket.store.Store;
import dev.docket.store.tck.LeaseStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeaseStoreTest extends LeaseStoreContract {

  @TempDir Path directory;

  @Override
  protected Store newStore() {
    return SqliteStore.open(SqliteConfig.defaults(directory));
  }
}
