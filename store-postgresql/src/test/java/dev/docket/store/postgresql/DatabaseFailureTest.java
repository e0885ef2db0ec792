package dev.docket.store.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.store.StoreException;
import dev.docket.store.StoreUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which database failures mean "away for now" (a {@link StoreUnavailableException}, answered 503
 * and retried) and which are errors (a plain {@link StoreException}, answered 500), and how a
 * failed first connection is worded at start-up. The SQLStates are PostgreSQL's (Appendix A of its
 * manual), as pgjdbc and HikariCP report them.
 */
class DatabaseFailureTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "08000", // connection_exception
        "08001", // sqlclient_unable_to_establish_sqlconnection (pgjdbc: refused, timed out)
        "08003", // connection_does_not_exist
        "08006", // connection_failure (pgjdbc: an I/O error on a broken connection)
        "57P01", // admin_shutdown (pg_terminate_backend, a fast shutdown)
        "57P02", // crash_shutdown
        "57P03", // cannot_connect_now (starting up, in recovery)
        "53300" // too_many_connections
      })
  void aLostOrRefusedConnectionIsUnavailable(String state) {
    SQLException failure = new SQLException("gone", state);

    assertThat(Database.unavailable(failure)).isTrue();
    assertThat(Database.failure(failure)).isInstanceOf(StoreUnavailableException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "23505", // unique_violation
        "42P01", // undefined_table
        "40001", // serialization_failure, once the retries are used up
        "28P01", // invalid_password: does not pass by itself
        "3D000" // invalid_catalog_name: a missing database does not either
      })
  void anyOtherFailureIsAnError(String state) {
    SQLException failure = new SQLException("wrong", state);

    assertThat(Database.unavailable(failure)).isFalse();
    assertThat(Database.failure(failure))
        .isExactlyInstanceOf(StoreException.class)
        .hasMessage("PostgreSQL failed: wrong");
  }

  @Test
  void thePoolTimingOutWhileTheDatabaseIsAwayIsUnavailable() {
    SQLException timeout =
        new SQLTransientConnectionException(
            "docket-postgresql - Connection is not available, request timed out after 1000ms",
            null,
            new SQLException("The connection attempt failed.", "08001"));

    assertThat(Database.failure(timeout))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("PostgreSQL is unreachable: docket-postgresql - Connection is not");
  }

  @Test
  void aClosedPoolIsNotUnavailable() {
    SQLException closed = new SQLException("HikariDataSource (docket-postgresql) has been closed.");

    assertThat(Database.unavailable(closed)).isFalse();
  }

  @Test
  void aFailedFirstConnectionNamesItsCause() {
    Duration timeout = Duration.ofSeconds(5);

    assertThat(
            PostgresStore.connectFailure(
                wrapped(new SQLException("x", "08001", new UnknownHostException("db.invalid"))),
                timeout))
        .isEqualTo("unknown host db.invalid");
    assertThat(
            PostgresStore.connectFailure(
                wrapped(
                    new SQLException(
                        "Connection to 127.0.0.1:1 refused.",
                        "08001",
                        new ConnectException("Connection refused"))),
                timeout))
        .isEqualTo("Connection refused");
    assertThat(
            PostgresStore.connectFailure(
                wrapped(new SQLException("Connection attempt timed out.", "08001")),
                Duration.ofMillis(1500)))
        .isEqualTo("no answer within 1.5s (Connection attempt timed out.)");
    assertThat(
            PostgresStore.connectFailure(
                wrapped(
                    new SQLException(
                        "The connection attempt failed.",
                        "08001",
                        new SocketTimeoutException("Read timed out"))),
                timeout))
        .isEqualTo("no answer within 5s (Read timed out)");
    assertThat(
            PostgresStore.connectFailure(
                wrapped(new SQLException("FATAL: role \"x\" does not exist", "28000")), timeout))
        .isEqualTo("FATAL: role \"x\" does not exist");
    assertThat(
            PostgresStore.connectFailure(
                wrapped(
                    new SQLException(
                        "An error occurred while setting up the SSL connection.",
                        "08001",
                        new IOException("handshake"))),
                timeout))
        .isEqualTo("An error occurred while setting up the SSL connection. (handshake)");
  }

  /** As HikariCP reports a failed first connection. */
  private static RuntimeException wrapped(SQLException cause) {
    return new RuntimeException("Failed to initialize pool: " + cause.getMessage(), cause);
  }
}
