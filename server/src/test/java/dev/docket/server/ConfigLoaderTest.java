package dev.docket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.http.HttpConfig;
import dev.docket.store.postgresql.PostgresConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  @Test
  void nothingButDefaultsGivesTheDefaults() {
    ServerConfig config = new ConfigLoader().load();

    assertThat(config).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void nestedYamlKeysAreRead() throws IOException {
    Path file =
        yaml(
            """
            server:
              port: 8080
            store:
              data-dir: /var/lib/docket
              max-batch-size: 64
            aws:
              default-region: eu-west-1
            http:
              max-request-bytes: 2048
            """);

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().defaultRegion()).isEqualTo("eu-west-1");
    assertThat(config.http().maxRequestBytes()).isEqualTo(2048);
    assertThat(config.store().dataDirectory()).isEqualTo(Path.of("/var/lib/docket"));
    assertThat(config.store().maxBatchSize()).isEqualTo(64);
  }

  @Test
  void storeKindPostgresqlTakesTheDatabaseFromTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "DOCKET_STORE_KIND", "postgresql",
            "DOCKET_STORE_POSTGRESQL_URL", "jdbc:postgresql://db:5432/docket",
            "DOCKET_STORE_POSTGRESQL_USER", "app",
            "DOCKET_STORE_POSTGRESQL_PASSWORD", "s3cret",
            "DOCKET_STORE_POSTGRESQL_POOL_SIZE", "4");

    ServerConfig config = new ConfigLoader().environment(env).load();

    assertThat(config.postgresql())
        .contains(new PostgresConfig("jdbc:postgresql://db:5432/docket", "app", "s3cret", 4));
    assertThat(config.postgresql().orElseThrow().toString()).doesNotContain("s3cret");
    assertThat(new ConfigLoader().load().postgresql()).isEmpty();
  }

  @Test
  void executionRetentionIsNinetyDaysUnlessConfiguredInDays() {
    ServerConfig configured =
        new ConfigLoader().environment(Map.of("DOCKET_STATES_EXECUTION_RETENTION", "30d")).load();

    assertThat(configured.states().executionRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(new ConfigLoader().load().states().executionRetention())
        .isEqualTo(Duration.ofDays(90));
    assertThatThrownBy(
            () ->
                new ConfigLoader()
                    .environment(Map.of("DOCKET_STATES_EXECUTION_RETENTION", "2w"))
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("states.execution-retention")
        .hasMessageContaining("(ms, s, m, h or d)");
  }

  @Test
  void anUnknownStoreKindIsRefused() {
    Map<String, String> env = Map.of("DOCKET_STORE_KIND", "mysql");

    assertThatThrownBy(() -> new ConfigLoader().environment(env).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.kind");
  }

  @Test
  void dottedYamlKeysAreRead() throws IOException {
    Path file = yaml("server.port: 9000\nauth.enabled: false\n");

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().port()).isEqualTo(9000);
  }

  @Test
  void anEmptyFileMeansDefaults() throws IOException {
    Path file = yaml("");

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void environmentOverridesTheFileAndOverridesOverrideTheEnvironment() throws IOException {
    Path file = yaml("server:\n  port: 8080\n  bind: localhost\n");
    Map<String, String> env =
        Map.of("DOCKET_SERVER_PORT", "8081", "DOCKET_SERVER_BIND", "127.0.0.1", "PATH", "/bin");

    ServerConfig config =
        new ConfigLoader().file(file).environment(env).override("server.port", "8082").load();

    assertThat(config.http().port()).isEqualTo(8082);
    assertThat(config.http().bindAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void unknownDocketEnvironmentVariablesAreIgnored() {
    ServerConfig config =
        new ConfigLoader().environment(Map.of("DOCKET_JAVA_OPTS", "-Xmx1g")).load();

    assertThat(config).isEqualTo(ServerConfig.defaults());
  }

  @Test
  void accessKeysFromYamlDefaultToTheDefaultAccount() throws IOException {
    Path file =
        yaml(
            """
            aws:
              default-account: "111122223333"
            auth:
              enabled: true
              access-keys:
                - access-key-id: AKID1
                  secret-key: one
                  account-id: "123456789012"
                - access-key-id: AKID2
                  secret-key: two
            """);

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().authEnabled()).isTrue();
    assertThat(config.http().accessKeys())
        .containsOnly(
            Map.entry("AKID1", new HttpConfig.AccessKey("one", "123456789012")),
            Map.entry("AKID2", new HttpConfig.AccessKey("two", "111122223333")));
  }

  @Test
  void accessKeysFromTheEnvironmentUseTheCompactForm() {
    Map<String, String> env =
        Map.of(
            "DOCKET_AUTH_ACCESS_KEYS", "AKID1:one:123456789012, AKID2:two",
            "DOCKET_SERVER_BIND", "0.0.0.0");

    ServerConfig config = new ConfigLoader().environment(env).load();

    assertThat(config.http().authEnabled()).isTrue();
    assertThat(config.http().accessKeys())
        .containsEntry("AKID1", new HttpConfig.AccessKey("one", "123456789012"))
        .containsEntry("AKID2", new HttpConfig.AccessKey("two", "000000000000"));
  }

  @Test
  void aPublicBindWithoutKeysIsRefusedWhereverItComesFrom() {
    ConfigLoader loader = new ConfigLoader().override("server.bind", "0.0.0.0");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Refusing to bind to 0.0.0.0 without access keys: configure auth.access-keys or bind"
                + " to 127.0.0.1");
  }

  @Test
  void anUnknownKeyInTheFileIsNamedWithTheKnownOnes() throws IOException {
    Path file = yaml("server:\n  prot: 8080\n");

    assertThatThrownBy(() -> new ConfigLoader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Unknown configuration key 'server.prot' (in " + file + ")")
        .hasMessageContaining("server.port");
  }

  @Test
  void aNonNumericPortQuotesTheValueAndItsSource() {
    Map<String, String> env = Map.of("DOCKET_SERVER_PORT", "http");

    assertThatThrownBy(() -> new ConfigLoader().environment(env).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "server.port must be an integer, but was 'http' (in environment variable"
                + " DOCKET_SERVER_PORT)");
  }

  @Test
  void aPortOutOfRangeQuotesTheValue() throws IOException {
    Path file = yaml("server:\n  port: 70000\n");

    assertThatThrownBy(() -> new ConfigLoader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("server.port must be between 0 and 65535, but was '70000' (in " + file + ")");
  }

  @Test
  void aBadAccountIdQuotesTheValue() {
    ConfigLoader loader = new ConfigLoader().override("aws.default-account", "12345");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage("aws.default-account must be 12 digits, but was '12345' (in overrides)");
  }

  @Test
  void aNonBooleanQuotesTheValue() {
    ConfigLoader loader = new ConfigLoader().override("auth.enabled", "yes please");

    assertThatThrownBy(loader::load)
        .hasMessage("auth.enabled must be true or false, but was 'yes please' (in overrides)");
  }

  @Test
  void anAccessKeyWithoutSecretIsRefused() throws IOException {
    Path file = yaml("auth:\n  access-keys:\n    - access-key-id: AKID\n");

    assertThatThrownBy(() -> new ConfigLoader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.access-keys[0].secret-key is required (in " + file + ")");
  }

  @Test
  void theSameAccessKeyIdTwiceIsRefused() {
    ConfigLoader loader = new ConfigLoader().override("auth.access-keys", "AKID:a,AKID:b");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage("auth.access-keys lists access key id 'AKID' twice");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> new ConfigLoader().file(missing).load())
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file '" + missing + "' does not exist");
  }

  @Test
  void invalidYamlIsReportedWithTheFile() throws IOException {
    Path file = yaml("server: [port: 1\n");

    assertThatThrownBy(() -> new ConfigLoader().file(file).load())
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Configuration file '" + file + "' is not valid YAML");
  }

  @Test
  void anUnknownOverrideKeyIsRefused() {
    assertThatThrownBy(() -> new ConfigLoader().override("server.prot", "1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Unknown configuration key 'server.prot' (in overrides)");
  }

  private Path yaml(String text) throws IOException {
    return Files.writeString(dir.resolve("docket.yaml"), text);
  }
}
