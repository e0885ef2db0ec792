package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.docket.testing.DocketExtension;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * Accounts are walls for Step Functions: a state machine, its executions, an activity and the task
 * tokens an execution hands out are reachable only from their own account, whatever the other
 * account knows of them (Step Functions has no resource policies, so nothing opens the wall).
 */
class StatesAccountsTest {

  private static final String OWNER = "111111111111";
  private static final String OTHER = "222222222222";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder()
          .accessKey("OWNERKEY", "owner-secret", OWNER)
          .accessKey("OTHERKEY", "other-secret", OTHER)
          .build();

  private static SfnClient owner;
  private static SfnClient other;

  @BeforeAll
  static void clients() {
    owner = client("OWNERKEY", "owner-secret");
    other = client("OTHERKEY", "other-secret");
  }

  @AfterAll
  static void close() {
    owner.close();
    other.close();
  }

  @Test
  void anotherAccountCannotStartDescribeOrStopTheOwnersExecutions() {
    String machine =
        owner
            .createStateMachine(
                b ->
                    b.name(StatesIt.uniqueName("walled"))
                        .roleArn("arn:aws:iam::" + OWNER + ":role/any")
                        .definition(
                            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":600,\"End\":true}}}"))
            .stateMachineArn();
    String execution =
        owner.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();

    assertDenied(
        () -> other.startExecution(b -> b.stateMachineArn(machine)),
        "states:StartExecution",
        machine);
    assertDenied(
        () -> other.describeStateMachine(b -> b.stateMachineArn(machine)),
        "states:DescribeStateMachine",
        machine);
    assertDenied(
        () -> other.describeExecution(b -> b.executionArn(execution)),
        "states:DescribeExecution",
        execution);
    assertDenied(
        () -> other.stopExecution(b -> b.executionArn(execution)),
        "states:StopExecution",
        execution);
    assertDenied(
        () -> other.deleteStateMachine(b -> b.stateMachineArn(machine)),
        "states:DeleteStateMachine",
        machine);

    assertThat(owner.describeExecution(b -> b.executionArn(execution)).status())
        .as("a refused request changes nothing")
        .isEqualTo(ExecutionStatus.RUNNING);
    assertThat(owner.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    assertThat(other.listStateMachines(b -> {}).stateMachines())
        .noneMatch(m -> m.stateMachineArn().equals(machine));
    owner.stopExecution(b -> b.executionArn(execution));
  }

  @Test
  void anotherAccountCannotPollTheOwnersActivityNorAnswerItsTasks() {
    String activity =
        owner.createActivity(b -> b.name(StatesIt.uniqueName("walled-work"))).activityArn();
    String machine =
        owner
            .createStateMachine(
                b ->
                    b.name(StatesIt.uniqueName("uses-activity"))
                        .roleArn("arn:aws:iam::" + OWNER + ":role/any")
                        .definition(
                            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\""
                                + activity
                                + "\",\"End\":true}}}"))
            .stateMachineArn();
    String execution =
        owner.startExecution(b -> b.stateMachineArn(machine).input("{\"n\":1}")).executionArn();

    assertDenied(
        () -> other.getActivityTask(b -> b.activityArn(activity)),
        "states:GetActivityTask",
        activity);
    GetActivityTaskResponse task = pollUntilTask(activity);
    assertDenied(
        () ->
            other.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"by\":\"other\"}")),
        "states:SendTaskSuccess",
        execution);
    assertDenied(
        () -> other.sendTaskHeartbeat(b -> b.taskToken(task.taskToken())),
        "states:SendTaskHeartbeat",
        execution);

    owner.sendTaskSuccess(b -> b.taskToken(task.taskToken()).output("{\"by\":\"owner\"}"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (owner.describeExecution(b -> b.executionArn(execution)).status()
            == ExecutionStatus.RUNNING
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(owner.describeExecution(b -> b.executionArn(execution)).output())
        .isEqualTo("{\"by\":\"owner\"}");
  }

  private static GetActivityTaskResponse pollUntilTask(String activity) {
    for (int i = 0; i < 10; i++) {
      GetActivityTaskResponse task = owner.getActivityTask(b -> b.activityArn(activity));
      if (task.taskToken() != null) {
        return task;
      }
    }
    throw new AssertionError("no task for " + activity);
  }

  private static void assertDenied(ThrowingCallable call, String action, String resource) {
    SfnException e = catchThrowableOfType(SfnException.class, call);
    assertThat(e).as("refused").isNotNull();
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "User: arn:aws:iam::"
                + OTHER
                + ":root is not authorized to perform: "
                + action
                + " on resource: "
                + resource
                + " because no resource-based policy allows the "
                + action
                + " action");
  }

  private static SfnClient client(String key, String secret) {
    return SfnClient.builder()
        .endpointOverride(docket.endpoint())
        .overrideConfiguration(
            c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true))
        .region(DocketExtension.REGION)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
