package dev.docket.store.sqlite;

import dev.docket.store.Store;
import dev.docket.store.tck.DurabilityContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteDurabilityTest extends DurabilityContract {

  @TempDir Path directory;

  @Override
  protected Store newStore() {
    return SqliteStore.open(SqliteConfig.defaults(directory));
  }

  @Override
  protected Store reopen() {
    return SqliteStore.open(SqliteConfig.defaults(directory));
  }
}
