package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.store.StoreException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationScriptsTest {

  private static final ClassLoader LOADER = MigrationScriptsTest.class.getClassLoader();

  @Test
  void scriptsSplitIntoStatements() {
    var statements =
        MigrationScripts.split(
            "-- comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a\n VALUES (1);\n");

    assertThat(statements)
        .containsExactly("CREATE TABLE a (x INT);", "INSERT INTO a\n VALUES (1);");
  }

  @Test
  void pendingAreTheScriptsAfterTheCurrentVersion() {
    var scripts =
        new MigrationScripts("db", List.of("V1__a.sql", "V2__b.sql", "V3__c.sql"), LOADER);

    assertThat(scripts.latestVersion()).isEqualTo(3);
    assertThat(scripts.pending("d", 0, "")).containsExactly("V1__a.sql", "V2__b.sql", "V3__c.sql");
    assertThat(scripts.pending("d", 2, "")).containsExactly("V3__c.sql");
    assertThat(scripts.pending("d", 3, "")).isEmpty();
  }

  @Test
  void versionsMayLeaveGapsAndPendingIsEverythingAboveTheHighestRecorded() {
    // branches add scripts concurrently (the event log's V6, retention's V7); a version missing
    // from the list is skipped, and a database already past it never gets it later
    var scripts =
        new MigrationScripts("db", List.of("V1__a.sql", "V2__b.sql", "V7__g.sql"), LOADER);

    assertThat(scripts.latestVersion()).isEqualTo(7);
    assertThat(scripts.pending("d", 2, "")).containsExactly("V7__g.sql");
    assertThat(scripts.pending("d", 5, "")).containsExactly("V7__g.sql");
    assertThat(scripts.pending("d", 7, "")).isEmpty();
  }

  @Test
  void aNewerDatabaseIsRefused() {
    var scripts = new MigrationScripts("db", List.of("V1__a.sql"), LOADER);

    assertThatThrownBy(() -> scripts.pending("main.db", 7, "run a newer Docket"))
        .isInstanceOf(StoreException.class)
        .hasMessage(
            "database main.db has schema version 7, newer than version 1 known to this Docket;"
                + " run a newer Docket");
  }

  @Test
  void namesAndOrderAreChecked() {
    assertThatThrownBy(() -> new MigrationScripts("db", List.of("init.sql"), LOADER))
        .hasMessage("migration script name must be V<n>__<name>.sql: init.sql");
    assertThatThrownBy(() -> new MigrationScripts("db", List.of("V2__b.sql", "V1__a.sql"), LOADER))
        .hasMessage("migration scripts must be in increasing version order: V1__a.sql");
  }

  @Test
  void aMissingScriptIsNamed() {
    var scripts = new MigrationScripts("db/none", List.of("V1__a.sql"), LOADER);

    assertThatThrownBy(() -> scripts.statements("V1__a.sql"))
        .isInstanceOf(StoreException.class)
        .hasMessage("migration script db/none/V1__a.sql is missing from the classpath");
  }
}
