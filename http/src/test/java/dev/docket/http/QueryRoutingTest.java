package dev.docket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.AwsService;
import dev.docket.model.RequestContext;
import dev.docket.model.ServiceModel;
import dev.docket.model.SessionTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two awsQuery services side by side (SQS and STS, on their real models): a form goes to the one
 * its SigV4 scope names, else to the one whose model has its {@code Action}; an action neither has
 * is refused by the first, as before.
 */
class QueryRoutingTest {

  /** A stand-in STS on the real STS model that answers who called. */
  static final class FakeSts implements AwsService {
    static final ServiceModel MODEL = ServiceModel.load("/dev/docket/model/aws/sts.json");

    @Override
    public ServiceModel model() {
      return MODEL;
    }

    @Override
    public ObjectNode invoke(String operation, ObjectNode input, RequestContext context) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("Account", context.accountId());
      out.put("Arn", context.principal().arn());
      return out;
    }
  }

  private final WireHandler handler =
      new WireHandler(
          new HttpConfig("127.0.0.1", 0, false, Map.of(), "000000000000", "us-east-1", 65536),
          List.of(new FakeQueues(), new FakeSts()),
          SessionTokens.random(),
          Clock.systemUTC(),
          () -> "http://127.0.0.1:4566");

  @Test
  void unsignedFormGoesToTheServiceWithItsAction() {
    WireResponse sts = post("Action=GetCallerIdentity&Version=2011-06-15", null);
    WireResponse sqs = post("Action=ListQueues&Version=2012-11-05", null);

    assertThat(body(sts))
        .startsWith(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><GetCallerIdentityResponse"
                + " xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>")
        .contains("<Account>000000000000</Account>");
    assertThat(body(sqs)).contains("<ListQueuesResponse xmlns=\"http://queue.amazonaws.com/");
  }

  @Test
  void scopeServiceWinsOverTheAction() {
    WireResponse response =
        post(
            "Action=ListQueues",
            "AWS4-HMAC-SHA256 Credential=111111111111/20261201/us-east-1/sts/aws4_request,"
                + " SignedHeaders=host, Signature=00");

    assertThat(response.status()).isEqualTo(400);
    assertThat(body(response))
        .contains("xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"")
        .contains("<Code>InvalidAction</Code>");
  }

  @Test
  void unknownActionIsRefusedByTheFirstQueryService() {
    WireResponse response = post("Action=Nope", null);

    assertThat(response.status()).isEqualTo(400);
    assertThat(body(response))
        .contains("<Code>InvalidAction</Code>")
        .contains("queue.amazonaws.com");
  }

  private WireResponse post(String form, String authorization) {
    Map<String, String> headers =
        authorization == null
            ? Map.of("Content-Type", "application/x-www-form-urlencoded")
            : Map.of(
                "Content-Type",
                "application/x-www-form-urlencoded",
                "Authorization",
                authorization);
    return handler.handle(
        new WireRequest(
            "POST",
            "/",
            "",
            WireRequest.Headers.of(headers),
            form.getBytes(StandardCharsets.UTF_8)));
  }

  private static String body(WireResponse response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }
}
