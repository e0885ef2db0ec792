package dev.docket.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.Postgresql;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node configured for PostgreSQL ({@code DOCKET_STORE_KIND=postgresql}, as an operator would
 * configure it) that cannot use its database does not start: {@code docket serve}, run as a child
 * JVM exactly as {@code bin/docket} runs it, prints one line on standard error naming the store and
 * the cause, nothing on standard output, and exits with 1 instead of serving. The cases are those
 * of issue 10: nothing listening, a server that accepts but never answers, an unknown host, a
 * missing database, a missing role, and a database at a newer schema, which must come out of the
 * attempt untouched.
 *
 * <p>The cases that need the local PostgreSQL (127.0.0.1:5432, user {@code postgres}, trust
 * authentication) are skipped without it unless {@value Postgresql#REQUIRED} is 1.
 */
class PostgresqlStartupTest {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String MAIN_CLASS = "dev.docket.cli.Main";

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void nothingListeningStopsTheStartWithOneLine() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/docket";

    Exit exit = serve(url, "postgres", Map.of());

    exit.assertOneLine(url, "cannot connect to PostgreSQL: Connection refused");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aServerThatNeverAnswersStopsTheStartAfterTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        accepted.add(silent.accept()); // and never answers
                      }
                    } catch (IOException closed) {
                      // the test is over
                    }
                  });
      String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/docket";

      Exit exit = serve(url, "postgres", Map.of("DOCKET_STORE_POSTGRESQL_CONNECT_TIMEOUT", "1s"));

      exit.assertOneLine(url, "cannot connect to PostgreSQL: no answer within 1s");
      silent.close();
      acceptor.join();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void anUnknownHostStopsTheStartWithOneLine() throws Exception {
    String url = "jdbc:postgresql://no-such-host.invalid:5432/docket";

    Exit exit = serve(url, "postgres", Map.of());

    exit.assertOneLine(url, "cannot connect to PostgreSQL: unknown host no-such-host.invalid");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aMissingDatabaseStopsTheStartWithWhatPostgresqlSaid() throws Exception {
    Postgresql.assumeReachable(SERVER, "postgres");
    String url = SERVER + "docket_missing_" + suffix();

    Exit exit = serve(url, "postgres", Map.of());

    exit.assertOneLine(url, "cannot connect to PostgreSQL: FATAL: database \"docket_missing_");
    assertThat(exit.stderr).contains("does not exist");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aMissingRoleStopsTheStartWithWhatPostgresqlSaid() throws Exception {
    Postgresql.assumeReachable(SERVER, "postgres");
    String role = "docket_nobody_" + suffix();
    String url = SERVER + "postgres";

    Exit exit = serve(url, role, Map.of());

    exit.assertOneLine(
        url, "cannot connect to PostgreSQL: FATAL: role \"" + role + "\" does not exist");
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void aDatabaseAtANewerSchemaIsRefusedAndLeftUntouched() throws Exception {
    Postgresql.assumeReachable(SERVER, "postgres");
    String database = "docket_test_" + suffix();
    admin("CREATE DATABASE " + database);
    try {
      String url = SERVER + database;
      run(
          url,
          "CREATE TABLE docket_schema_version (version integer PRIMARY KEY, script text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())",
          "INSERT INTO docket_schema_version (version, script) VALUES (999, 'V999__future.sql')");

      Exit exit = serve(url, "postgres", Map.of());

      exit.assertOneLine(
          url, "database " + database + " has schema version 999, newer than version ");
      assertThat(exit.stderr.strip()).endsWith(" known to this Docket; run a newer Docket");
      assertThat(tables(url)).containsExactly("docket_schema_version");
    } finally {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** Runs {@code docket serve} on PostgreSQL at {@code url} as {@code user} until it exits. */
  private Exit serve(String url, String user, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            MAIN_CLASS,
            "serve",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString());
    Path out = dataDir.resolve("out.txt");
    Path err = dataDir.resolve("err.txt");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("DOCKET_"));
    builder.environment().put("DOCKET_STORE_KIND", "postgresql");
    builder.environment().put("DOCKET_STORE_POSTGRESQL_URL", url);
    builder.environment().put("DOCKET_STORE_POSTGRESQL_USER", user);
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      int code = process.waitFor();
      return new Exit(
          code,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  /** How a child {@code docket serve} ended. */
  private record Exit(int code, String stdout, String stderr) {

    /** Exit 1, nothing on stdout, and one line on stderr naming the store and then the cause. */
    void assertOneLine(String url, String cause) {
      assertThat(code).as("exit code; stderr: %s", stderr).isEqualTo(1);
      assertThat(stdout).isEmpty();
      assertThat(stderr)
          .hasLineCount(1)
          .startsWith("docket: Cannot open the store in postgresql " + url + ": " + cause);
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return free.getLocalPort();
    }
  }

  private static String suffix() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static void admin(String sql) throws SQLException {
    run(SERVER + "postgres", sql);
  }

  private static void run(String url, String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }
}
