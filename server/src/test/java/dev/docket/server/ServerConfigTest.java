package dev.docket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.http.HttpConfig;
import dev.docket.queues.QueuesConfig;
import dev.docket.store.sqlite.SqliteConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

  private static final Map<String, HttpConfig.AccessKey> ONE_KEY =
      Map.of("AKID", new HttpConfig.AccessKey("secret", "123456789012"));

  @Test
  void defaultsAgreeWithEveryComponentsOwnDefaults() {
    ServerConfig config = ServerConfig.defaults();

    assertThat(config.http()).isEqualTo(HttpConfig.defaults());
    assertThat(config.store()).isEqualTo(SqliteConfig.defaults(Path.of("data")));
    assertThat(config.queues()).isEqualTo(QueuesConfig.defaults());
  }

  @Test
  void defaultsListenOnLoopbackPort4566WithoutAuth() {
    HttpConfig http = ServerConfig.defaults().http();

    assertThat(http.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(http.port()).isEqualTo(4566);
    assertThat(http.authEnabled()).isFalse();
  }

  @Test
  void bindingToAllAddressesWithoutAccessKeysIsRefused() {
    HttpConfig http = http("0.0.0.0", false, Map.of());

    assertThatThrownBy(() -> new ServerConfig(http, store(), QueuesConfig.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Refusing to bind to 0.0.0.0 without access keys: configure auth.access-keys or bind"
                + " to 127.0.0.1");
  }

  @Test
  void bindingToANonLoopbackAddressWithAccessKeysTurnsAuthOn() {
    HttpConfig http = http("0.0.0.0", false, ONE_KEY);

    ServerConfig config = new ServerConfig(http, store(), QueuesConfig.defaults());

    assertThat(config.http().authEnabled()).isTrue();
    assertThat(config.http().accessKeys()).isEqualTo(ONE_KEY);
  }

  @Test
  void authCanBeForcedOnForALoopbackBind() {
    HttpConfig http = http("127.0.0.1", true, ONE_KEY);

    ServerConfig config = new ServerConfig(http, store(), QueuesConfig.defaults());

    assertThat(config.http().authEnabled()).isTrue();
  }

  @Test
  void authEnabledWithoutAccessKeysIsRefused() {
    HttpConfig http = http("127.0.0.1", true, Map.of());

    assertThatThrownBy(() -> new ServerConfig(http, store(), QueuesConfig.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.enabled is true but no auth.access-keys are configured");
  }

  @Test
  void localhostAndIpv6LoopbackCountAsLoopback() {
    assertThat(ServerConfig.isLoopback("localhost")).isTrue();
    assertThat(ServerConfig.isLoopback("::1")).isTrue();
    assertThat(ServerConfig.isLoopback("0.0.0.0")).isFalse();
  }

  @Test
  void withPortAndWithDataDirectoryChangeOnlyThatComponent() {
    ServerConfig config = ServerConfig.defaults();

    ServerConfig changed = config.withPort(0).withDataDirectory(Path.of("/tmp/elsewhere"));

    assertThat(changed.http().port()).isZero();
    assertThat(changed.http().bindAddress()).isEqualTo(config.http().bindAddress());
    assertThat(changed.store().dataDirectory()).isEqualTo(Path.of("/tmp/elsewhere"));
    assertThat(changed.store().maxBatchSize()).isEqualTo(config.store().maxBatchSize());
  }

  private static HttpConfig http(
      String bind, boolean auth, Map<String, HttpConfig.AccessKey> keys) {
    HttpConfig d = HttpConfig.defaults();
    return new HttpConfig(
        bind, 0, auth, keys, d.defaultAccountId(), d.defaultRegion(), d.maxRequestBytes());
  }

  private static SqliteConfig store() {
    return SqliteConfig.defaults(Path.of("data"));
  }
}
