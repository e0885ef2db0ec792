package dev.docket.it.events;

import static dev.docket.it.events.EventBridgeClients.ACCOUNT;
import static dev.docket.it.events.EventBridgeClients.REGION;
import static dev.docket.it.events.EventBridgeClients.busArn;
import static dev.docket.it.events.EventBridgeClients.errorOf;
import static dev.docket.it.events.EventBridgeClients.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.Tag;

class TagsTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final Tag TAG1 = Tag.builder().key("tag1").value("value1").build();
  private static final Tag TAG2 = Tag.builder().key("tag2").value("value2").build();

  private static EventBridgeClient events;

  @BeforeAll
  static void client() {
    events = EventBridgeClients.client(docket);
  }

  @AfterAll
  static void close() {
    events.close();
  }

  private static List<Tag> tagsOf(String arn) {
    return events.listTagsForResource(b -> b.resourceARN(arn)).tags();
  }

  private static void tagUntagAndList(String arn) {
    events.tagResource(b -> b.resourceARN(arn).tags(TAG1, TAG2));
    assertThat(tagsOf(arn)).containsExactly(TAG1, TAG2);

    events.untagResource(b -> b.resourceARN(arn).tagKeys("tag2"));
    assertThat(tagsOf(arn)).containsExactly(TAG1);

    events.untagResource(b -> b.resourceARN(arn).tagKeys("not-a-tag"));
    assertThat(tagsOf(arn)).containsExactly(TAG1);
  }

  @Test
  void aCustomBusIsTaggedUntaggedAndListed() {
    String name = uniqueName("tagged-bus");
    events.createEventBus(b -> b.name(name));

    tagUntagAndList(busArn(name));
  }

  @Test
  void theDefaultBusIsTaggedUntaggedAndListed() {
    tagUntagAndList(busArn("default"));
  }

  @Test
  void rulesOnDefaultAndCustomBusesAreTaggedUntaggedAndListed() {
    String bus = uniqueName("tags-bus");
    events.createEventBus(b -> b.name(bus));
    String onDefault =
        events.putRule(b -> b.name(uniqueName("r")).eventPattern("{\"source\":[\"a\"]}")).ruleArn();
    String onCustom =
        events
            .putRule(
                b -> b.name(uniqueName("r")).eventBusName(bus).eventPattern("{\"source\":[\"a\"]}"))
            .ruleArn();

    tagUntagAndList(onDefault);
    tagUntagAndList(onCustom);
  }

  @Test
  void tagsGivenAtCreationAreListed() {
    String bus = uniqueName("born-tagged");
    events.createEventBus(b -> b.name(bus).tags(TAG1, TAG2));
    String rule =
        events
            .putRule(
                b -> b.name(uniqueName("r")).eventPattern("{\"source\":[\"a\"]}").tags(TAG1, TAG2))
            .ruleArn();

    assertThat(tagsOf(busArn(bus))).containsExactly(TAG1, TAG2);
    assertThat(tagsOf(rule)).containsExactly(TAG1, TAG2);
  }

  @Test
  void aResourceRecreatedWithoutTagsHasNone() {
    String bus = uniqueName("recreated");
    events.createEventBus(b -> b.name(bus).tags(TAG1));
    events.deleteEventBus(b -> b.name(bus));

    events.createEventBus(b -> b.name(bus));

    assertThat(tagsOf(busArn(bus))).isEmpty();
  }

  @Test
  void tagsOfAnUnknownRuleOrBusFailWithResourceNotFound() {
    String rule = "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/no-such-rule";
    String bus = busArn("no-such-bus");

    AwsErrorDetails tagRule =
        errorOf(() -> events.tagResource(b -> b.resourceARN(rule).tags(TAG1)));
    AwsErrorDetails listRule = errorOf(() -> events.listTagsForResource(b -> b.resourceARN(rule)));
    AwsErrorDetails untagBus =
        errorOf(() -> events.untagResource(b -> b.resourceARN(bus).tagKeys("tag1")));
    AwsErrorDetails listBus = errorOf(() -> events.listTagsForResource(b -> b.resourceARN(bus)));

    assertThat(tagRule.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(tagRule.errorMessage())
        .isEqualTo("Rule no-such-rule does not exist on EventBus default.");
    assertThat(listRule.errorMessage())
        .isEqualTo("Rule no-such-rule does not exist on EventBus default.");
    assertThat(untagBus.errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(untagBus.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
    assertThat(listBus.errorMessage()).isEqualTo("Event bus no-such-bus does not exist.");
  }

  @Test
  void tagsOfADeletedRuleOnACustomBusFailWithResourceNotFound() {
    String bus = uniqueName("deleted-rule-bus");
    events.createEventBus(b -> b.name(bus));
    String name = uniqueName("r");
    String arn =
        events
            .putRule(b -> b.name(name).eventBusName(bus).eventPattern("{\"source\":[\"a\"]}"))
            .ruleArn();
    events.deleteRule(b -> b.name(name).eventBusName(bus));

    AwsErrorDetails error = errorOf(() -> events.listTagsForResource(b -> b.resourceARN(arn)));

    assertThat(error.errorMessage())
        .isEqualTo("Rule " + name + " does not exist on EventBus " + bus + ".");
  }
}
