package dev.docket.store.sqlite;

import dev.docket.store.Store;
import dev.docket.store.tck.NotifierContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** One SQLite store is one node: its "other node" is itself. */
class SqliteNotifierTest extends NotifierContract {

  @TempDir Path directory;

  @Override
  protected Store newStore() {
    return SqliteStore.open(SqliteConfig.defaults(directory));
  }

  @Override
  protected Store newPeer() {
    return store;
  }
}
