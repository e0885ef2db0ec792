package dev.docket.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.it.cli.AwsCli.Result;
import dev.docket.testing.DocketExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's two-account gatekeeper as a CLI user runs it: the owner grants the team's account
 * with {@code aws events put-permission}, sees the policy with {@code describe-event-bus}, and the
 * team's entries are admitted or refused one by one. Skipped without {@code aws}.
 */
class BusPermissionsCliTest {

  private static final String OWNER = "111111111111";
  private static final String TEAM = "222222222222";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("AKIDOWNER", "owner-secret", OWNER)
          .accessKey("AKIDTEAM", "team-secret", TEAM)
          .build();

  @TempDir Path workDir;

  @BeforeAll
  static void requireAwsCli() {
    assumeTrue(AwsCli.onPath("aws"), "the aws CLI is not on the PATH");
  }

  private Result as(String key, String secret, String... arguments) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "env",
                "AWS_ACCESS_KEY_ID=" + key,
                "AWS_SECRET_ACCESS_KEY=" + secret,
                "aws",
                "--endpoint-url",
                docket.endpoint().toString()));
    command.addAll(List.of(arguments));
    Result result = new AwsCli(workDir).run(AwsCli.COMMAND_TIMEOUT, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
    return result;
  }

  @Test
  void putPermissionGrantsTheTeamAndDescribeEventBusShowsThePolicy() throws Exception {
    as("AKIDOWNER", "owner-secret", "events", "create-event-bus", "--name", "orders");

    as(
        "AKIDOWNER",
        "owner-secret",
        "events",
        "put-permission",
        "--event-bus-name",
        "orders",
        "--action",
        "events:PutEvents",
        "--principal",
        TEAM,
        "--statement-id",
        "team-checkout");
    Result described =
        as("AKIDOWNER", "owner-secret", "events", "describe-event-bus", "--name", "orders");

    ObjectMapper json = new ObjectMapper();
    JsonNode policy = json.readTree(json.readTree(described.output()).path("Policy").asText());
    JsonNode statement = policy.path("Statement").get(0);
    assertThat(statement.path("Sid").asText()).isEqualTo("team-checkout");
    assertThat(statement.path("Principal").path("AWS").asText())
        .isEqualTo("arn:aws:iam::" + TEAM + ":root");
    assertThat(statement.path("Resource").asText())
        .isEqualTo("arn:aws:events:us-east-1:" + OWNER + ":event-bus/orders");
    Result put =
        as(
            "AKIDTEAM",
            "team-secret",
            "events",
            "put-events",
            "--entries",
            "[{\"EventBusName\":\"arn:aws:events:us-east-1:"
                + OWNER
                + ":event-bus/orders\",\"Source\":\"shop.checkout\",\"DetailType\":\"OrderPlaced\","
                + "\"Detail\":\"{}\"}]");
    assertThat(json.readTree(put.output()).path("FailedEntryCount").asInt()).isZero();
  }

  @Test
  void theReadmesGatekeeperPolicyAdmitsOneEntryAndRefusesTheOther() throws Exception {
    as("AKIDOWNER", "owner-secret", "events", "create-event-bus", "--name", "gated");
    String bus = "arn:aws:events:us-east-1:" + OWNER + ":event-bus/gated";
    as(
        "AKIDOWNER",
        "owner-secret",
        "events",
        "put-permission",
        "--event-bus-name",
        "gated",
        "--policy",
        """
        {"Version": "2012-10-17",
         "Statement": [{"Sid": "checkout-places-orders", "Effect": "Allow",
           "Principal": {"AWS": "arn:aws:iam::222222222222:root"},
           "Action": "events:PutEvents", "Resource": "%s",
           "Condition": {"StringEquals": {"events:source": "shop.checkout",
                                          "events:detail-type": "OrderPlaced"}}}]}
        """
            .formatted(bus));

    Result put =
        as(
            "AKIDTEAM",
            "team-secret",
            "events",
            "put-events",
            "--entries",
            ("[{\"EventBusName\":\"%1$s\",\"Source\":\"shop.checkout\","
                    + "\"DetailType\":\"OrderPlaced\",\"Detail\":\"{}\"},"
                    + "{\"EventBusName\":\"%1$s\",\"Source\":\"shop.checkout\","
                    + "\"DetailType\":\"OrderRefunded\",\"Detail\":\"{}\"}]")
                .formatted(bus));

    JsonNode answer = new ObjectMapper().readTree(put.output());
    assertThat(answer.path("FailedEntryCount").asInt()).isEqualTo(1);
    assertThat(answer.path("Entries").get(0).has("EventId")).isTrue();
    assertThat(answer.path("Entries").get(1).path("ErrorCode").asText())
        .isEqualTo("AccessDeniedException");
  }
}
