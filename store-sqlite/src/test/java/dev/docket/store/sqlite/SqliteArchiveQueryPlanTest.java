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
 * Every query of {@link SqliteArchiveStore} searches the index made for it, without a table scan or
 * a sort: an archive holds millions of events, so a replay's page must cost its own size.
 */
class SqliteArchiveQueryPlanTest {

  /** The catalogue is WITHOUT ROWID: its primary key is the table. */
  private static final String SEGMENTS_KEY = "PRIMARY KEY";

  private static final String SEGMENT = SqliteArchiveStore.segment(1, 20_000);

  @TempDir Path directory;

  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(SqliteConfig.defaults(directory));
    store
        .writer()
        .write(
            session -> {
              try (Statement create = session.connection().createStatement()) {
                create.execute(SqliteArchiveStore.createSegment(SEGMENT));
              }
              return null;
            });
  }

  @AfterEach
  void close() {
    store.close();
  }

  static List<Arguments> queries() {
    return List.of(
        arguments(SqliteArchiveStore.ID, "sqlite_autoindex_archives_1"),
        arguments(SqliteArchiveStore.STATS, SEGMENTS_KEY),
        arguments(SqliteArchiveStore.SEGMENTS_BETWEEN, SEGMENTS_KEY),
        arguments(SqliteArchiveStore.SEGMENTS_BEFORE, SEGMENTS_KEY),
        arguments(SqliteArchiveStore.FORGET_SEGMENT, SEGMENTS_KEY),
        arguments(SqliteArchiveStore.readFrom(SEGMENT), "sqlite_autoindex_" + SEGMENT + "_1"));
  }

  @ParameterizedTest
  @MethodSource("queries")
  void queryIsASearchOfItsIndex(String sql, String index) {
    List<String> plan = plan(sql);

    assertThat(plan).hasSize(1);
    assertThat(plan.getFirst()).startsWith("SEARCH ").contains(" " + index);
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
