package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventBridgeClients.queueArn;
import static dev.docket.it.events.EventBridgeClients.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.ListRuleNamesByTargetResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;

class TargetsTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String PATTERN = "{\"source\":[\"orders\"]}";

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static String rule(String bus) {
    String name = uniqueName("rule");
    events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));
    return name;
  }

  private static String customBus() {
    String bus = uniqueName("targets-bus");
    events.createEventBus(b -> b.name(bus));
    return bus;
  }

  @Test
  void putTargetsThenListTargetsByRuleReturnsThemAsGiven() {
    String bus = customBus();
    String rule = rule(bus);
    Target target =
        Target.builder()
            .id("t1")
            .arn(queueArn("orders"))
            .inputPath("$.detail")
            .retryPolicy(r -> r.maximumRetryAttempts(3).maximumEventAgeInSeconds(120))
            .deadLetterConfig(d -> d.arn(queueArn("orders-dlq")))
            .build();

    PutTargetsResponse put = events.putTargets(b -> b.rule(rule).eventBusName(bus).targets(target));
    List<Target> listed = events.listTargetsByRule(b -> b.rule(rule).eventBusName(bus)).targets();

    assertThat(put.failedEntryCount()).isZero();
    assertThat(put.failedEntries()).isEmpty();
    assertThat(listed).containsExactly(target);
  }

  @Test
  void removeTargetsRemovesThemAndIgnoresUnknownIds() {
    String rule = rule("default");
    events.putTargets(
        b ->
            b.rule(rule)
                .targets(t -> t.id("a").arn(queueArn("a")), t -> t.id("b").arn(queueArn("b"))));

    RemoveTargetsResponse removed = events.removeTargets(b -> b.rule(rule).ids("a", "unknown"));

    assertThat(removed.failedEntryCount()).isZero();
    assertThat(removed.failedEntries()).isEmpty();
    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets())
        .extracting(Target::id)
        .containsExactly("b");
  }

  @Test
  void aTargetPutAgainWithTheSameIdIsReplaced() {
    String rule = rule("default");
    events.putTargets(b -> b.rule(rule).targets(t -> t.id("same").arn("target-arn")));

    events.putTargets(
        b -> b.rule(rule).targets(t -> t.id("same").arn("target-arn").inputPath("$.notexisting")));

    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets())
        .containsExactly(
            Target.builder().id("same").arn("target-arn").inputPath("$.notexisting").build());
  }

  @Test
  void aSixthTargetFailsWithLimitExceeded() {
    String rule = rule("default");
    for (int i = 0; i < 5; i++) {
      String id = "t" + i;
      events.putTargets(b -> b.rule(rule).targets(t -> t.id(id).arn(queueArn("q"))));
    }

    AwsErrorDetails error =
        errorOf(() -> events.putTargets(b -> b.rule(rule).targets(t -> t.id("t5").arn("x"))));

    assertThat(error.errorCode()).isEqualTo("LimitExceededException");
    assertThat(error.errorMessage())
        .isEqualTo("The requested resource exceeds the maximum number allowed.");
    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets()).hasSize(5);
  }

  @Test
  void sixTargetsInOneRequestFailWithLimitExceeded() {
    String rule = rule("default");
    List<Target> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(Target.builder().id("t" + i).arn(queueArn("q")).build());
    }

    AwsErrorDetails error = errorOf(() -> events.putTargets(b -> b.rule(rule).targets(six)));

    assertThat(error.errorCode()).isEqualTo("LimitExceededException");
    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets()).isEmpty();
  }

  @Test
  void putTargetsOnAnUnknownRuleFailsWithResourceNotFound() {
    AwsErrorDetails error =
        errorOf(() -> events.putTargets(b -> b.rule("nope").targets(t -> t.id("t").arn("x"))));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Rule nope does not exist on EventBus default.");
  }

  @Test
  void listTargetsOfAnUnknownRuleFailsWithResourceNotFound() {
    AwsErrorDetails error = errorOf(() -> events.listTargetsByRule(b -> b.rule("nope")));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Rule nope does not exist on EventBus default.");
  }

  @Test
  void targetIdsTheModelRefusesFailWithValidation() {
    String rule = rule("default");

    AwsErrorDetails invalid =
        errorOf(() -> events.putTargets(b -> b.rule(rule).targets(t -> t.id("!@#$@!#$").arn("x"))));
    AwsErrorDetails partly =
        errorOf(() -> events.putTargets(b -> b.rule(rule).targets(t -> t.id("a b").arn("x"))));

    assertThat(invalid.errorCode()).isEqualTo("ValidationException");
    assertThat(invalid.errorMessage())
        .isEqualTo(
            "1 validation error detected: Value '!@#$@!#$' at 'targets.1.member.id' failed to"
                + " satisfy constraint: Member must satisfy regular expression pattern:"
                + " [\\.\\-_A-Za-z0-9]+");
    assertThat(partly.errorMessage()).contains("'a b' at 'targets.1.member.id'");
  }

  @Test
  void aRetryPolicyOutOfRangeFailsWithValidation() {
    String rule = rule("default");

    AwsErrorDetails attempts =
        errorOf(
            () ->
                events.putTargets(
                    b ->
                        b.rule(rule)
                            .targets(
                                t ->
                                    t.id("t")
                                        .arn(queueArn("q"))
                                        .retryPolicy(r -> r.maximumRetryAttempts(186)))));
    AwsErrorDetails age =
        errorOf(
            () ->
                events.putTargets(
                    b ->
                        b.rule(rule)
                            .targets(
                                t ->
                                    t.id("t")
                                        .arn(queueArn("q"))
                                        .retryPolicy(r -> r.maximumEventAgeInSeconds(59)))));

    assertThat(attempts.errorCode()).isEqualTo("ValidationException");
    assertThat(age.errorCode()).isEqualTo("ValidationException");
    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets()).isEmpty();
  }

  @Test
  void aDeadLetterArnThatIsNoQueueFailsWithValidation() {
    String rule = rule("default");

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putTargets(
                    b ->
                        b.rule(rule)
                            .targets(
                                t ->
                                    t.id("t")
                                        .arn(queueArn("q"))
                                        .deadLetterConfig(d -> d.arn("arn:aws:sns:x")))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).contains("arn:aws:sns:x");
  }

  @Test
  void aFifoQueueTargetNeedsAMessageGroupId() {
    String rule = rule("default");

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putTargets(
                    b -> b.rule(rule).targets(t -> t.id("fifo").arn(queueArn("q.fifo")))));
    events.putTargets(
        b ->
            b.rule(rule)
                .targets(
                    t ->
                        t.id("fifo")
                            .arn(queueArn("q.fifo"))
                            .sqsParameters(s -> s.messageGroupId("g"))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo("Parameter(s) SqsParameters must be specified for target: fifo.");
    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets().getFirst().sqsParameters())
        .isNotNull();
  }

  @Test
  void aTargetWithBothInputAndInputPathFailsWithValidation() {
    String rule = rule("default");

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putTargets(
                    b ->
                        b.rule(rule)
                            .targets(t -> t.id("t").arn("x").input("{}").inputPath("$.detail"))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo(
            "Only one of Input, InputPath, or InputTransformer must be provided for target t.");
  }

  @Test
  void aTemplatePlaceholderWithoutAPathFailsWithAwsMessage() {
    String rule = rule("default");

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putTargets(
                    b ->
                        b.rule(rule)
                            .targets(
                                t ->
                                    t.id("t1")
                                        .arn(queueArn("q"))
                                        .inputTransformer(
                                            i ->
                                                i.inputPathsMap(Map.of("a", "$.source"))
                                                    .inputTemplate("{\"x\": <b>}")))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo("InputTemplate for target t1 contains invalid placeholder b.");
  }

  @Test
  void anInputThatIsNoJsonFailsWithValidation() {
    String rule = rule("default");

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putTargets(
                    b -> b.rule(rule).targets(t -> t.id("t1").arn(queueArn("q")).input("{oops"))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).contains("t1");
  }

  @Test
  void anInputTransformerIsKeptAsGiven() {
    String rule = rule("default");
    Target target =
        Target.builder()
            .id("t")
            .arn(queueArn("q"))
            .inputTransformer(
                i -> i.inputPathsMap(Map.of("src", "$.source")).inputTemplate("{\"from\": <src>}"))
            .build();

    events.putTargets(b -> b.rule(rule).targets(target));

    assertThat(events.listTargetsByRule(b -> b.rule(rule)).targets()).containsExactly(target);
  }

  @Test
  void listTargetsByRulePagesWithLimit() {
    String rule = rule("default");
    for (int i = 0; i < 5; i++) {
      String id = "t" + i;
      events.putTargets(b -> b.rule(rule).targets(t -> t.id(id).arn(queueArn("q"))));
    }

    ListTargetsByRuleResponse first = events.listTargetsByRule(b -> b.rule(rule).limit(3));
    ListTargetsByRuleResponse second =
        events.listTargetsByRule(b -> b.rule(rule).limit(3).nextToken(first.nextToken()));

    assertThat(first.targets()).extracting(Target::id).containsExactly("t0", "t1", "t2");
    assertThat(second.targets()).extracting(Target::id).containsExactly("t3", "t4");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void listRuleNamesByTargetFindsTheRulesOfABusThatTargetAnArnAndPages() {
    String bus = customBus();
    String shared = queueArn(uniqueName("shared"));
    for (int i = 0; i < 5; i++) {
      String name = "rule-" + i;
      events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));
      events.putTargets(b -> b.rule(name).eventBusName(bus).targets(t -> t.id("t").arn(shared)));
    }
    events.putRule(b -> b.name("unrelated").eventBusName(bus).eventPattern(PATTERN));

    ListRuleNamesByTargetResponse first =
        events.listRuleNamesByTarget(b -> b.targetArn(shared).eventBusName(bus).limit(2));
    ListRuleNamesByTargetResponse second =
        events.listRuleNamesByTarget(
            b -> b.targetArn(shared).eventBusName(bus).limit(2).nextToken(first.nextToken()));
    ListRuleNamesByTargetResponse third =
        events.listRuleNamesByTarget(
            b -> b.targetArn(shared).eventBusName(bus).limit(2).nextToken(second.nextToken()));
    ListRuleNamesByTargetResponse none =
        events.listRuleNamesByTarget(b -> b.targetArn(queueArn("nobody")).eventBusName(bus));

    assertThat(first.ruleNames()).containsExactly("rule-0", "rule-1");
    assertThat(second.ruleNames()).containsExactly("rule-2", "rule-3");
    assertThat(third.ruleNames()).containsExactly("rule-4");
    assertThat(third.nextToken()).isNull();
    assertThat(none.ruleNames()).isEmpty();
  }
}
