package dev.docket.it.states;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** A state machine as an EventBridge rule's target: each matching event starts an execution. */
class RuleStartsExecutionTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  @Test
  void aMatchingEventStartsAnExecutionWithTheEventAsInput() throws Exception {
    try (SfnClient sfn = StatesClients.sfn(docket);
        EventBridgeClient events =
            EventBridgeClient.builder()
                .endpointOverride(URI.create(docket.endpoint().toString()))
                .region(DocketExtension.REGION)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      String machine =
          sfn.createStateMachine(
                  b ->
                      b.name("on-order")
                          .roleArn("arn:aws:iam::000000000000:role/docket")
                          .definition(
                              "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                                  + "\"Parameters\":{\"order.$\":\"$.detail.order\"},\"End\":true}}}"))
              .stateMachineArn();
      events.putRule(
          b ->
              b.name("orders").eventPattern("{\"source\":[\"shop\"],\"detail-type\":[\"Order\"]}"));
      events.putTargets(
          b ->
              b.rule("orders")
                  .targets(
                      t ->
                          t.id("sm")
                              .arn(machine)
                              .roleArn("arn:aws:iam::000000000000:role/events")));
      events.putEvents(
          b ->
              b.entries(
                  e -> e.source("shop").detailType("Order").detail("{\"order\":7}"),
                  e -> e.source("shop").detailType("Other").detail("{\"order\":8}")));
      List<ExecutionListItem> executions = List.of();
      for (int i = 0; i < 200; i++) {
        executions =
            sfn.listExecutions(
                    b -> b.stateMachineArn(machine).statusFilter(ExecutionStatus.SUCCEEDED))
                .executions();
        if (!executions.isEmpty()) {
          break;
        }
        Thread.sleep(25);
      }
      assertThat(executions).hasSize(1);
      String arn = executions.get(0).executionArn();
      assertThat(sfn.describeExecution(b -> b.executionArn(arn)).output())
          .isEqualTo("{\"order\":7}");
      Thread.sleep(300);
      assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
    }
  }
}
