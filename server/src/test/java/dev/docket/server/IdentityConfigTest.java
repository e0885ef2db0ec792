package dev.docket.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.http.HttpConfig;
import dev.docket.model.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity keys: access keys' principals, {@code auth.organizations}, {@code auth.roles}. */
class IdentityConfigTest {

  @TempDir Path directory;

  @Test
  void accessKeysActAsTheirPrincipalAndItsAccount() throws IOException {
    Path file =
        yaml(
            """
            auth:
              access-keys:
                - access-key-id: AKIDALICE
                  secret-key: alice
                  principal: arn:aws:iam::111111111111:user/alice
                - access-key-id: AKIDDEPLOY
                  secret-key: deploy
                  account-id: "222222222222"
                  principal: arn:aws:iam::222222222222:role/ci/deployer
                - access-key-id: AKIDROOT
                  secret-key: root
                  account-id: "333333333333"
            """);

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().accessKeys())
        .containsEntry(
            "AKIDALICE",
            new HttpConfig.AccessKey(
                "alice", Principal.ofArn("arn:aws:iam::111111111111:user/alice")))
        .containsEntry(
            "AKIDDEPLOY",
            new HttpConfig.AccessKey(
                "deploy", Principal.ofArn("arn:aws:iam::222222222222:role/ci/deployer")))
        .containsEntry("AKIDROOT", new HttpConfig.AccessKey("root", "333333333333"));
  }

  @Test
  void compactAccessKeysTakeThePrincipalAfterTheAccount() {
    ServerConfig config =
        new ConfigLoader()
            .environment(
                Map.of(
                    "DOCKET_AUTH_ACCESS_KEYS",
                    "AKID1:one::arn:aws:iam::111111111111:user/bob,"
                        + "AKID2:two:222222222222:arn:aws:iam::222222222222:role/r"))
            .load();

    assertThat(config.http().accessKeys().get("AKID1").principal().arn())
        .isEqualTo("arn:aws:iam::111111111111:user/bob");
    assertThat(config.http().accessKeys().get("AKID2").accountId()).isEqualTo("222222222222");
  }

  @Test
  void principalOfAnotherAccountThanTheKeysIsRefused() {
    ConfigLoader loader =
        new ConfigLoader()
            .override(
                "auth.access-keys", "AKID1:one:111111111111:arn:aws:iam::222222222222:user/bob");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "auth.access-keys.principal must belong to the key's account-id 111111111111, but was"
                + " 'arn:aws:iam::222222222222:user/bob' (in overrides)");
  }

  @Test
  void principalThatIsNotAUserOrRoleArnIsRefused() {
    ConfigLoader loader =
        new ConfigLoader()
            .override(
                "auth.access-keys", "AKID1:one::arn:aws:sts::111111111111:assumed-role/r/session");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "auth.access-keys.principal must be the ARN of an account root, user or role");
  }

  @Test
  void organizationsAndRolesAreReadFromYaml() throws IOException {
    Path file =
        yaml(
            """
            auth:
              organizations:
                o-exampleorgid: ["111111111111", "222222222222"]
              roles:
                "arn:aws:iam::222222222222:role/shared": ["111111111111"]
            """);

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().organizations())
        .containsOnly(
            Map.entry("111111111111", "o-exampleorgid"),
            Map.entry("222222222222", "o-exampleorgid"));
    assertThat(config.sts().roles())
        .containsOnly(Map.entry("arn:aws:iam::222222222222:role/shared", Set.of("111111111111")));
    assertThat(config.sts().organizations()).isEqualTo(config.http().organizations());
  }

  @Test
  void organizationsAndRolesFromTheEnvironment() {
    ServerConfig config =
        new ConfigLoader()
            .environment(
                Map.of(
                    "DOCKET_AUTH_ORGANIZATIONS",
                    "o-aaaaaaaaaa=111111111111 222222222222, o-bbbbbbbbbb=333333333333",
                    "DOCKET_AUTH_ROLES",
                    "arn:aws:iam::333333333333:role/x=111111111111 222222222222"))
            .load();

    assertThat(config.http().organizations())
        .containsEntry("222222222222", "o-aaaaaaaaaa")
        .containsEntry("333333333333", "o-bbbbbbbbbb");
    assertThat(config.sts().roles().get("arn:aws:iam::333333333333:role/x"))
        .containsExactlyInAnyOrder("111111111111", "222222222222");
  }

  @Test
  void accountInTwoOrganizationsIsRefused() {
    ConfigLoader loader =
        new ConfigLoader()
            .override("auth.organizations", "o-aaaaaaaaaa=111111111111,o-bbbbbbbbbb=111111111111");

    assertThatThrownBy(loader::load)
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "auth.organizations puts account 111111111111 in two organizations, o-aaaaaaaaaa and"
                + " o-bbbbbbbbbb; an account belongs to one organization at most");
  }

  @Test
  void badOrganizationIdsRoleArnsAndAccountsAreRefused() {
    assertThatThrownBy(
            () -> new ConfigLoader().override("auth.organizations", "org1=111111111111").load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("organization ids must look like o-exampleorgid");
    assertThatThrownBy(
            () ->
                new ConfigLoader()
                    .override("auth.roles", "arn:aws:iam::111111111111:user/u=222222222222")
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("keys must be role ARNs");
    assertThatThrownBy(
            () ->
                new ConfigLoader()
                    .override("auth.roles", "arn:aws:iam::111111111111:role/r=12345")
                    .load())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "auth.roles.arn:aws:iam::111111111111:role/r accounts must be 12 digits, but was"
                + " '12345' (in overrides)");
  }

  @Test
  void documentedExampleLoads() throws IOException {
    Path file =
        yaml(
            """
            auth:
              enabled: true
              access-keys:
                - access-key-id: AKIDPLATFORM
                  secret-key: platform-secret
                  account-id: "111111111111"
                - access-key-id: AKIDALICE
                  secret-key: alice-secret
                  principal: arn:aws:iam::222222222222:user/alice
              organizations:
                o-exampleorgid: ["111111111111", "222222222222"]
              roles:
                "arn:aws:iam::111111111111:role/publisher": ["222222222222"]
            """);

    ServerConfig config = new ConfigLoader().file(file).load();

    assertThat(config.http().accessKeys().get("AKIDALICE").accountId()).isEqualTo("222222222222");
    assertThat(config.sts().roles()).containsKey("arn:aws:iam::111111111111:role/publisher");
  }

  private Path yaml(String text) throws IOException {
    Path file = directory.resolve("docket.yaml");
    Files.writeString(file, text);
    return file;
  }
}
