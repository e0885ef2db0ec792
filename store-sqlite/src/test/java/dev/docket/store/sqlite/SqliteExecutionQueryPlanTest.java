package dev.docket.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@link SqliteExecutionStore} searches the index made for it, without a table scan
 * or a sort of the result: histories and listings grow without bound, so either would make a read
 * cost the size of the table.
 */
class SqliteExecutionQueryPlanTest {

  @TempDir Path directory;

  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
  }

  @AfterEach
  void close() {
    store.close();
  }

  static List<Arguments> queries() {
    return List.of(
        arguments(SqliteExecutionStore.GET, "sqlite_autoindex_executions_1"),
        arguments(SqliteExecutionStore.START_OF, "sqlite_autoindex_executions_1"),
        arguments(SqliteExecutionStore.listSql(false, false), "executions_by_machine"),
        arguments(SqliteExecutionStore.listSql(false, true), "executions_by_machine"),
        arguments(SqliteExecutionStore.listSql(true, false), "executions_by_status"),
        arguments(SqliteExecutionStore.listSql(true, true), "executions_by_status"),
        arguments(SqliteExecutionStore.RUNNING, "executions_running"),
        arguments(SqliteExecutionStore.EXPIRABLE, "executions_closed"),
        arguments(SqliteExecutionStore.HISTORY, "sqlite_autoindex_history_1"),
        arguments(SqliteExecutionStore.HISTORY_REVERSED, "sqlite_autoindex_history_1"),
        arguments(SqliteExecutionStore.DELETE_HISTORY, "sqlite_autoindex_history_1"),
        arguments(SqliteExecutionStore.TOKEN, "sqlite_autoindex_task_tokens_1"),
        arguments(SqliteExecutionStore.TOKENS_OF, "task_tokens_by_execution"),
        arguments(SqliteExecutionStore.DELETE_TOKENS, "task_tokens_by_execution"),
        arguments(SqliteExecutionStore.OLDEST_WAITING, "task_tokens_waiting"));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void queryIsASearchOfItsIndex(String sql, String index) {
    List<String> plan = plan(sql);

    assertThat(plan.getFirst()).startsWith("SEARCH ").contains(" INDEX " + index + " ");
    if (!sql.equals(SqliteExecutionStore.TOKENS_OF)) {
      // an execution has a handful of tokens; everything else grows without bound
      assertThat(plan).hasSize(1);
    }
  }

  private List<String> plan(String sql) {
    return store
        .writer()
        .write(
            session -> {
              List<String> steps = new ArrayList<>();
              try (Statement statement = session.connection().createStatement();
                  ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                while (rows.next()) {
                  steps.add(rows.getString("detail"));
                }
              }
              return steps;
            });
  }
}
