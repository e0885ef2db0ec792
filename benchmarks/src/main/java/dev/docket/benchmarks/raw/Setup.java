package dev.docket.benchmarks.raw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates what a scenario needs (queues, a bus, rules and targets) through the same raw HTTP, so
 * the load generator needs no SDK. Not thread-safe; used before the workers start.
 */
final class Setup {

  private final RawLoad load;
  String busName;

  Setup(RawLoad load) {
    this.load = load;
  }

  JsonNode call(String contentType, String target, ObjectNode body) throws IOException {
    try (RawConnection connection = load.connect()) {
      RawConnection.Response response =
          connection.exchange(
              RawRequest.json(load.host(), contentType, target, body.toString()).copy());
      if (response.status() != 200) {
        throw new IOException(target + " failed: " + response.status() + " " + response.text());
      }
      return response.body().length == 0
          ? RawLoad.JSON.createObjectNode()
          : RawLoad.JSON.readTree(response.body());
    }
  }

  /**
   * Turns on moto_server's execution of state machine definitions (off by default: moto then only
   * records executions as RUNNING).
   */
  void motoExecutes() throws IOException {
    String body = "{\"stepfunctions\":{\"execute_state_machine\":true}}";
    String request =
        "POST /moto-api/config HTTP/1.1\r\nHost: "
            + load.host()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    try (RawConnection connection = load.connect()) {
      RawConnection.Response response =
          connection.exchange(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      if (response.status() != 200 && response.status() != 201) {
        throw new IOException("moto config failed: " + response.status() + " " + response.text());
      }
    }
  }

  String queue(String name, boolean fifo) throws IOException {
    ObjectNode body = RawLoad.JSON.createObjectNode().put("QueueName", name);
    if (fifo) {
      body.putObject("Attributes")
          .put("FifoQueue", "true")
          .put("ContentBasedDeduplication", "true");
    }
    return call(RawLoad.SQS, "AmazonSQS.CreateQueue", body).path("QueueUrl").asText();
  }

  /**
   * Puts a policy of {@code statements} statements on the queue, each allowing another account
   * SendMessage under a condition, so none applies to the (owner) sender and each request walks
   * them all.
   */
  void queuePolicy(String url, int statements) throws IOException {
    String arn = queueArn(url);
    ObjectNode policy = RawLoad.JSON.createObjectNode().put("Version", "2012-10-17");
    var list = policy.putArray("Statement");
    for (int i = 0; i < statements; i++) {
      ObjectNode statement = list.addObject().put("Sid", "s" + i).put("Effect", "Allow");
      statement.putObject("Principal").put("AWS", String.format("%012d", 100_000_000_000L + i));
      statement.put("Action", "sqs:SendMessage").put("Resource", arn);
      statement
          .putObject("Condition")
          .putObject("StringEquals")
          .put("aws:PrincipalAccount", String.format("%012d", 100_000_000_000L + i));
    }
    ObjectNode body = RawLoad.JSON.createObjectNode().put("QueueUrl", url);
    body.putObject("Attributes").put("Policy", policy.toString());
    call(RawLoad.SQS, "AmazonSQS.SetQueueAttributes", body);
  }

  String queueArn(String url) throws IOException {
    ObjectNode body = RawLoad.JSON.createObjectNode().put("QueueUrl", url);
    body.putArray("AttributeNames").add("QueueArn");
    return call(RawLoad.SQS, "AmazonSQS.GetQueueAttributes", body)
        .path("Attributes")
        .path("QueueArn")
        .asText();
  }

  void prefill(String url, RawRequest batch, int requests) throws IOException {
    byte[] copy = batch.copy();
    try (RawConnection connection = load.connect()) {
      for (int i = 0; i < requests; i++) {
        batch.stamp(copy, System.nanoTime());
        RawConnection.Response response = connection.exchange(copy);
        if (response.status() != 200) {
          throw new IOException("prefill failed: " + response.status() + " " + response.text());
        }
      }
    }
  }

  /** A bus with {@code rules} rules of mixed patterns over {@code queues} target queues. */
  List<String> bus(String name, int rules, int queues) throws IOException {
    busName = name;
    call(
        RawLoad.EVENTS,
        "AWSEvents.CreateEventBus",
        RawLoad.JSON.createObjectNode().put("Name", name));
    return rules(name, rules, queues);
  }

  /** {@code rules} rules of mixed patterns on bus {@code name} over {@code queues} new queues. */
  List<String> rules(String name, int rules, int queues) throws IOException {
    List<String> urls = new ArrayList<>();
    List<String> arns = new ArrayList<>();
    for (int q = 0; q < queues; q++) {
      String url = queue(name + "-q" + q, false);
      urls.add(url);
      arns.add(queueArn(url));
    }
    for (int i = 0; i < rules; i++) {
      String rule = "r" + i;
      ObjectNode put =
          RawLoad.JSON
              .createObjectNode()
              .put("Name", rule)
              .put("EventBusName", name)
              .put("EventPattern", pattern(i));
      call(RawLoad.EVENTS, "AWSEvents.PutRule", put);
      ObjectNode targets =
          RawLoad.JSON.createObjectNode().put("Rule", rule).put("EventBusName", name);
      targets.putArray("Targets").addObject().put("Id", "t").put("Arn", arns.get(i % queues));
      JsonNode answer = call(RawLoad.EVENTS, "AWSEvents.PutTargets", targets);
      if (answer.path("FailedEntryCount").asInt() != 0) {
        throw new IOException("PutTargets failed: " + answer);
      }
    }
    return urls;
  }

  /**
   * Gives the bus a resource policy of {@code statements} statements, as a gatekeeper's: one Deny
   * that never applies (every entry of every account is checked against it) and Allows for other
   * accounts, each admitting one {@code events:source} and {@code events:detail-type}.
   */
  void busPolicy(int statements) throws IOException {
    ObjectNode policy = RawLoad.JSON.createObjectNode().put("Version", "2012-10-17");
    var list = policy.putArray("Statement");
    ObjectNode deny = list.addObject().put("Sid", "deny-tests").put("Effect", "Deny");
    deny.put("Principal", "*").put("Action", "events:PutEvents").put("Resource", "*");
    deny.putObject("Condition").putObject("StringLike").put("events:source", "test.*");
    for (int i = 1; i < statements; i++) {
      ObjectNode allow = list.addObject().put("Sid", "team-" + i).put("Effect", "Allow");
      allow.putObject("Principal").put("AWS", "arn:aws:iam::" + (200000000000L + i) + ":root");
      allow.put("Action", "events:PutEvents").put("Resource", "*");
      allow
          .putObject("Condition")
          .putObject("StringEquals")
          .put("events:source", "team" + i + ".checkout")
          .put("events:detail-type", "OrderPlaced");
    }
    call(
        RawLoad.EVENTS,
        "AWSEvents.PutPermission",
        RawLoad.JSON
            .createObjectNode()
            .put("EventBusName", busName)
            .put("Policy", policy.toString()));
  }

  /** Pattern {@code i} matches exactly the events whose {@code detail.n} is {@code i}. */
  static String pattern(int i) {
    return switch (i % 5) {
      case 0 -> "{\"source\":[\"load.gen\"],\"detail\":{\"n\":[" + i + "]}}";
      case 1 -> "{\"detail\":{\"n\":[{\"numeric\":[\">=\"," + i + ",\"<\"," + (i + 1) + "]}]}}";
      case 2 -> "{\"detail\":{\"key\":[{\"prefix\":\"k" + i + "-\"}]}}";
      case 3 -> "{\"detail-type\":[{\"equals-ignore-case\":\"TYPE" + i + "\"}]}";
      default ->
          "{\"source\":[{\"anything-but\":\"other\"}],\"detail\":{\"key\":[{\"suffix\":\"-"
              + i
              + "\"}]}}";
    };
  }
}
