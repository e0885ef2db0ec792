package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.ACCOUNT;
import static dev.docket.it.events.EventBridgeClients.REGION;
import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventBridgeClients.queueArn;
import static dev.docket.it.events.EventBridgeClients.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;

class RulesTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String PATTERN =
      "{\"source\":[\"core.update-account-command\"],"
          + "\"detail-type\":[\"core.update-account-command\"],"
          + "\"detail\":{\"command\":[\"update-account\"]}}";

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static String customBus() {
    String bus = uniqueName("rules-bus");
    events.createEventBus(b -> b.name(bus));
    return bus;
  }

  @Test
  void putRuleOnTheDefaultBusAnswersARuleArnWithoutBusSegment() {
    String name = uniqueName("rule");

    String arn = events.putRule(b -> b.name(name).eventPattern(PATTERN)).ruleArn();

    assertThat(arn).isEqualTo("arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + name);
  }

  @Test
  void putRuleOnACustomBusAnswersARuleArnWithTheBusAndDescribeShowsTheRule() {
    String bus = customBus();
    String name = uniqueName("rule");

    String arn =
        events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN)).ruleArn();
    DescribeRuleResponse described = events.describeRule(b -> b.name(name).eventBusName(bus));

    assertThat(arn)
        .isEqualTo("arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + bus + "/" + name);
    assertThat(described.arn()).isEqualTo(arn);
    assertThat(described.name()).isEqualTo(name);
    assertThat(described.eventBusName()).isEqualTo(bus);
    assertThat(described.eventPattern()).isEqualTo(PATTERN);
    assertThat(described.state()).isEqualTo(RuleState.ENABLED);
    assertThat(described.createdBy()).isEqualTo(ACCOUNT);
  }

  @Test
  void putRuleAgainReplacesTheRuleAndKeepsItsTargets() {
    String bus = customBus();
    String name = uniqueName("again");
    events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));
    events.putTargets(
        b -> b.rule(name).eventBusName(bus).targets(t -> t.id("t1").arn(queueArn("q"))));

    events.putRule(
        b ->
            b.name(name)
                .eventBusName(bus)
                .eventPattern("{\"source\":[\"other\"]}")
                .description("changed"));

    assertThat(events.listRules(b -> b.eventBusName(bus)).rules()).hasSize(1);
    DescribeRuleResponse described = events.describeRule(b -> b.name(name).eventBusName(bus));
    assertThat(described.eventPattern()).isEqualTo("{\"source\":[\"other\"]}");
    assertThat(described.description()).isEqualTo("changed");
    assertThat(events.listTargetsByRule(b -> b.rule(name).eventBusName(bus)).targets()).hasSize(1);
  }

  @Test
  void listRulesFiltersByPrefixAndPages() {
    String bus = customBus();
    for (int i = 0; i < 6; i++) {
      String name = "paged-" + i;
      events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));
    }
    events.putRule(b -> b.name("zzz").eventBusName(bus).eventPattern(PATTERN));

    ListRulesResponse first =
        events.listRules(b -> b.eventBusName(bus).namePrefix("paged-").limit(3));
    ListRulesResponse second =
        events.listRules(
            b -> b.eventBusName(bus).namePrefix("paged-").limit(3).nextToken(first.nextToken()));

    assertThat(first.rules())
        .extracting(Rule::name)
        .containsExactly("paged-0", "paged-1", "paged-2");
    assertThat(first.rules().getFirst().eventBusName()).isEqualTo(bus);
    assertThat(first.rules().getFirst().eventPattern()).isEqualTo(PATTERN);
    assertThat(second.rules())
        .extracting(Rule::name)
        .containsExactly("paged-3", "paged-4", "paged-5");
    assertThat(second.nextToken()).isNull();
  }

  @Test
  void disableAndEnableRuleChangeItsState() {
    String bus = customBus();
    String name = uniqueName("toggle");
    events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));

    events.disableRule(b -> b.name(name).eventBusName(bus));
    RuleState disabled = events.describeRule(b -> b.name(name).eventBusName(bus)).state();
    events.enableRule(b -> b.name(name).eventBusName(bus));
    RuleState enabled = events.describeRule(b -> b.name(name).eventBusName(bus)).state();

    assertThat(disabled).isEqualTo(RuleState.DISABLED);
    assertThat(enabled).isEqualTo(RuleState.ENABLED);
  }

  @Test
  void putRuleCanCreateADisabledRule() {
    String name = uniqueName("disabled");

    events.putRule(b -> b.name(name).eventPattern(PATTERN).state(RuleState.DISABLED));

    assertThat(events.describeRule(b -> b.name(name)).state()).isEqualTo(RuleState.DISABLED);
  }

  @Test
  void deleteRuleRemovesIt() {
    String bus = customBus();
    String name = uniqueName("deleted");
    events.putRule(b -> b.name(name).eventBusName(bus).eventPattern(PATTERN));

    events.deleteRule(b -> b.name(name).eventBusName(bus));

    assertThat(events.listRules(b -> b.eventBusName(bus)).rules()).isEmpty();
  }

  @Test
  void deletingARuleThatDoesNotExistSucceeds() {
    events.deleteRule(b -> b.name(uniqueName("never")));
  }

  @Test
  void aRuleWithTargetsCannotBeDeleted() {
    String name = uniqueName("targeted");
    events.putRule(b -> b.name(name).eventPattern(PATTERN));
    events.putTargets(b -> b.rule(name).targets(t -> t.id("t1").arn(queueArn("q"))));

    AwsErrorDetails error = errorOf(() -> events.deleteRule(b -> b.name(name)));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage()).isEqualTo("Rule can't be deleted since it has targets.");
  }

  @Test
  void describingAnUnknownRuleFailsWithResourceNotFound() {
    AwsErrorDetails onDefault = errorOf(() -> events.describeRule(b -> b.name("no-such-rule")));
    String bus = customBus();
    AwsErrorDetails onCustom =
        errorOf(() -> events.describeRule(b -> b.name("no-such-rule").eventBusName(bus)));

    assertThat(onDefault.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(onDefault.errorMessage())
        .isEqualTo("Rule no-such-rule does not exist on EventBus default.");
    assertThat(onCustom.errorMessage())
        .isEqualTo("Rule no-such-rule does not exist on EventBus " + bus + ".");
  }

  @Test
  void enablingOrDisablingAnUnknownRuleFailsWithResourceNotFound() {
    AwsErrorDetails enable = errorOf(() -> events.enableRule(b -> b.name("ghost")));
    AwsErrorDetails disable = errorOf(() -> events.disableRule(b -> b.name("ghost")));

    assertThat(enable.errorMessage()).isEqualTo("Rule ghost does not exist on EventBus default.");
    assertThat(disable.errorMessage()).isEqualTo("Rule ghost does not exist on EventBus default.");
  }

  @Test
  void aRuleOnAnUnknownBusFailsWithResourceNotFound() {
    AwsErrorDetails error =
        errorOf(
            () -> events.putRule(b -> b.name("r").eventBusName("no-bus").eventPattern(PATTERN)));

    assertThat(error.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(error.errorMessage()).isEqualTo("Event bus no-bus does not exist.");
  }

  @Test
  void anInvalidPatternFailsWithInvalidEventPattern() {
    AwsErrorDetails error =
        errorOf(() -> events.putRule(b -> b.name(uniqueName("bad")).eventPattern("not json")));

    assertThat(error.errorCode()).isEqualTo("InvalidEventPatternException");
    assertThat(error.errorMessage()).startsWith("Event pattern is not valid.");
  }

  @Test
  void aRuleNeedsAPatternOrASchedule() {
    AwsErrorDetails error = errorOf(() -> events.putRule(b -> b.name(uniqueName("empty"))));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo("Parameter(s) EventPattern or ScheduleExpression must be specified.");
  }

  @Test
  void aScheduleOnACustomBusIsRefusedAsAwsRefusesIt() {
    String bus = customBus();

    AwsErrorDetails error =
        errorOf(
            () ->
                events.putRule(
                    b ->
                        b.name(uniqueName("cron"))
                            .eventBusName(bus)
                            .scheduleExpression("rate(5 minutes)")));

    assertThat(error.errorCode()).isEqualTo("ValidationException");
    assertThat(error.errorMessage())
        .isEqualTo("ScheduleExpression is supported only on the default event bus.");
  }
}
