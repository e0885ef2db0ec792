package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccountWallsTest {

  private static final RequestContext CALLER =
      new RequestContext("req", "222222222222", "us-east-1", "http://localhost", Instant.EPOCH);
  private static final String OTHERS_BUS = "arn:aws:events:us-east-1:111111111111:event-bus/orders";

  private static ObjectNode input(String member, String value) {
    return JsonNodeFactory.instance.objectNode().put(member, value);
  }

  @Test
  void namingAnotherAccountsBusOrRuleByArnIsRefusedInIamsWords() {
    assertThatThrownBy(
            () -> AccountWalls.check("PutRule", input("EventBusName", OTHERS_BUS), CALLER))
        .isInstanceOfSatisfying(
            ServiceException.class,
            e ->
                org.assertj.core.api.Assertions.assertThat(e.code())
                    .isEqualTo(EventsError.ACCESS_DENIED))
        .hasMessage(
            "User: arn:aws:iam::222222222222:root is not authorized to perform: events:PutRule"
                + " on resource: "
                + OTHERS_BUS
                + " because no resource-based policy allows the events:PutRule action");
    assertThatThrownBy(
            () ->
                AccountWalls.check(
                    "TagResource",
                    input("ResourceARN", "arn:aws:events:us-east-1:111111111111:rule/r"),
                    CALLER))
        .isInstanceOf(ServiceException.class);
    assertThatThrownBy(
            () -> AccountWalls.check("DescribeEventBus", input("Name", OTHERS_BUS), CALLER))
        .isInstanceOf(ServiceException.class);
  }

  @Test
  void namesOwnArnsOfAnyRegionAndPutEventsPass() {
    assertThatCode(
            () -> {
              AccountWalls.check("PutRule", input("EventBusName", "orders"), CALLER);
              AccountWalls.check(
                  "PutRule",
                  input("EventBusName", "arn:aws:events:eu-west-1:222222222222:event-bus/x"),
                  CALLER);
              AccountWalls.check("PutEvents", input("EventBusName", OTHERS_BUS), CALLER);
            })
        .doesNotThrowAnyException();
  }
}
