package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.delivery.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleTargetTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static RuleTarget target(String json) throws Exception {
    return new RuleTarget((ObjectNode) JSON.readTree(json));
  }

  @Test
  void aTargetWithoutRetryPolicyTakesEventBridgesDefault() throws Exception {
    assertThat(target("{\"Id\":\"t\",\"Arn\":\"a\"}").retryPolicy()).isEqualTo(RetryPolicy.DEFAULT);
  }

  @Test
  void aPartialRetryPolicyKeepsTheDefaultOfTheMissingMember() throws Exception {
    RuleTarget target =
        target("{\"Id\":\"t\",\"Arn\":\"a\",\"RetryPolicy\":{\"MaximumRetryAttempts\":2}}");

    assertThat(target.retryPolicy()).isEqualTo(new RetryPolicy(2, Duration.ofHours(24)));
  }

  @Test
  void typedAccessorsReadTheTargetShape() throws Exception {
    RuleTarget target =
        target(
            "{\"Id\":\"t\",\"Arn\":\"a\",\"RoleArn\":\"r\","
                + "\"DeadLetterConfig\":{\"Arn\":\"dlq\"},"
                + "\"SqsParameters\":{\"MessageGroupId\":\"g\"},"
                + "\"HttpParameters\":{\"HeaderParameters\":{\"h\":\"v\"}},"
                + "\"InputTransformer\":{\"InputPathsMap\":{\"s\":\"$.source\"},"
                + "\"InputTemplate\":\"<s>\"}}");

    assertThat(target.roleArn()).contains("r");
    assertThat(target.deadLetterArn()).contains("dlq");
    assertThat(target.messageGroupId()).contains("g");
    assertThat(target.httpParameters().get().path("HeaderParameters").path("h").asText())
        .isEqualTo("v");
    assertThat(target.inputTransformer().get().inputPathsMap()).containsEntry("s", "$.source");
    assertThat(target.inputTransformer().get().inputTemplate()).isEqualTo("<s>");
    assertThat(target.input()).isEmpty();
  }

  @Test
  void theNodeIsCopiedInAndOut() throws Exception {
    ObjectNode node = (ObjectNode) JSON.readTree("{\"Id\":\"t\",\"Arn\":\"a\"}");
    RuleTarget target = new RuleTarget(node);

    node.put("Arn", "changed");
    target.json().put("Arn", "changed too");

    assertThat(target.arn()).isEqualTo("a");
  }

  @Test
  void aTargetNeedsAnIdAndAnArn() {
    assertThatThrownBy(() -> target("{\"Id\":\"t\"}")).isInstanceOf(IllegalArgumentException.class);
  }
}
