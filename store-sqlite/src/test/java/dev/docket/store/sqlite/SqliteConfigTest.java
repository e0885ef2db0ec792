package dev.docket.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteConfigTest {

  private static final Path DIRECTORY = Path.of("data");

  @Test
  void defaultsPutTheDatabaseInTheDataDirectory() {
    SqliteConfig config = SqliteConfig.defaults(DIRECTORY);

    assertThat(config.databaseFile()).isEqualTo(DIRECTORY.resolve("docket.db"));
    assertThat(config.maxBatchSize()).isPositive();
    assertThat(config.withMaxBatchSize(1).maxBatchSize()).isEqualTo(1);
  }

  @Test
  void invalidValuesAreRejectedQuotingTheValue() {
    assertThatThrownBy(() -> new SqliteConfig(DIRECTORY, 0, 4, Duration.ZERO))
        .hasMessage("maxBatchSize must be between 1 and 100000, but was 0");
    assertThatThrownBy(() -> new SqliteConfig(DIRECTORY, 10, 65, Duration.ZERO))
        .hasMessage("readConnections must be between 1 and 64, but was 65");
    assertThatThrownBy(() -> new SqliteConfig(DIRECTORY, 10, 4, Duration.ofSeconds(-1)))
        .hasMessageContaining("but was PT-1S");
  }
}
