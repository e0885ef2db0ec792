package dev.docket.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.model.Principal;
import dev.docket.model.SessionTokens;
import dev.docket.store.sqlite.SqliteConfig;
import dev.docket.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeysTest {

  private static final SessionTokens.Session SESSION =
      new SessionTokens.Session(
          "ASIAEXAMPLE000000001",
          "secret",
          Principal.ofArn("arn:aws:sts::111111111111:assumed-role/reader/me"),
          Optional.empty(),
          Instant.parse("2026-12-01T13:00:00Z"));

  @TempDir Path directory;

  @Test
  void keyIsCreatedOnceAndSurvivesARestart() {
    String token;
    try (SqliteStore store = SqliteStore.open(SqliteConfig.defaults(directory))) {
      SessionTokens first = SessionKeys.loadOrCreate(store.resources());
      token = first.seal(SESSION);

      assertThat(SessionKeys.loadOrCreate(store.resources()).open(token)).contains(SESSION);
    }

    try (SqliteStore reopened = SqliteStore.open(SqliteConfig.defaults(directory))) {
      SessionTokens afterRestart = SessionKeys.loadOrCreate(reopened.resources());

      assertThat(afterRestart.open(token)).contains(SESSION);
    }
  }
}
