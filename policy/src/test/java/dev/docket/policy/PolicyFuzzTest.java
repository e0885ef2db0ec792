package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.model.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken documents: truncated, mutated, deeply nested, oversized, of the wrong types
 * and random unicode, from a fixed seed. Parsing must either succeed (a mutation can still be a
 * valid policy, which must then evaluate without error) or throw {@link MalformedPolicyException};
 * any other throwable, a {@link StackOverflowError} included, fails the test. The counts per kind
 * are printed to the test's output ({@code target/surefire-reports/*-output.txt}).
 */
class PolicyFuzzTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> SEEDS =
      List.of(
          """
          {"Version":"2012-10-17","Id":"q","Statement":[{"Sid":"a","Effect":"Allow",
           "Principal":{"AWS":["222222222222","arn:aws:iam::333333333333:role/R"]},
           "Action":["sqs:SendMessage","sqs:Get*"],"Resource":"arn:aws:sqs:*:111111111111:q*",
           "Condition":{"StringEquals":{"aws:SourceAccount":"222222222222"},
             "ForAnyValue:StringLike":{"aws:TagKeys":["team*"]},
             "NumericLessThanIfExists":{"k:n":"10"},"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"},
             "IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32"]},"Null":{"aws:SourceArn":"false"}}}]}
          """,
          """
          {"Version":"2008-10-17","Statement":{"Effect":"Deny","NotPrincipal":{"Service":"events.amazonaws.com"},
           "NotAction":"sqs:Receive*","NotResource":["arn:aws:sqs:us-east-1:111111111111:x"],
           "Condition":{"ArnNotLike":{"aws:SourceArn":"arn:aws:events:*:*:rule/*"},"Bool":{"aws:SecureTransport":false},
             "BinaryEquals":{"k:b":"QmluYXJ5"},"ForAllValues:NumericEquals":{"k:m":[1,2.5]}}}}
          """,
          """
          {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutEvents",
           "Resource":"arn:aws:events:us-east-1:111111111111:event-bus/orders",
           "Condition":{"StringEquals":{"events:source":"orders","events:detail-type":"OrderPlaced"}}},
           {"Sid":"b","Effect":"Deny","Principal":{"AWS":"*"},"Action":"*","Resource":"*",
           "Condition":{"StringNotEqualsIgnoreCase":{"k:s":"${*}x"}}}]}
          """);

  private final Random random = new Random(20261201L);
  private final Map<String, int[]> counts = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  @Test
  void malformedInputOnlyEverRaisesMalformedPolicyException() {
    for (String seed : SEEDS) {
      PolicyDocument.parse(seed);
    }

    for (String seed : SEEDS) {
      for (int length = 0; length < seed.length(); length++) {
        check("truncated", seed.substring(0, length));
      }
    }
    repeat("mutated", 4_000, () -> mutate(SEEDS.get(random.nextInt(SEEDS.size()))));
    repeat("deeply nested", 500, this::deep);
    repeat("oversized", 50, this::oversized);
    repeat("wrong types", 4_000, this::wrongTypes);
    repeat("random unicode", 2_000, this::randomUnicode);

    int total = counts.values().stream().mapToInt(c -> c[0] + c[1]).sum();
    StringBuilder report = new StringBuilder("policy fuzz: " + total + " inputs\n");
    counts.forEach(
        (kind, c) ->
            report.append(
                "  %-15s %6d inputs: %6d refused, %5d accepted%n"
                    .formatted(kind, c[0] + c[1], c[0], c[1])));
    System.out.print(report);
    assertThat(failures).as(report.toString()).isEmpty();
    assertThat(total).isGreaterThanOrEqualTo(10_000);
  }

  private void repeat(String kind, int times, Supplier<String> input) {
    for (int i = 0; i < times; i++) {
      check(kind, input.get());
    }
  }

  private void check(String kind, String input) {
    int[] count = counts.computeIfAbsent(kind, k -> new int[2]);
    try {
      Policy policy = PolicyDocument.parse(input);
      count[1]++;
      policy.evaluate(
          new Request(
              Principal.ofArn("arn:aws:sts::333333333333:assumed-role/R/s"),
              "sqs:SendMessage",
              "arn:aws:sqs:us-east-1:111111111111:q",
              ConditionContext.builder()
                  .put("aws:SourceAccount", "222222222222")
                  .put("aws:TagKeys", List.of("team", "cost"))
                  .put("aws:CurrentTime", "2026-12-01T00:00:00Z")
                  .put("aws:SourceIp", "10.1.2.3")
                  .put("k:n", "x")
                  .build()));
    } catch (MalformedPolicyException e) {
      count[0]++;
    } catch (Throwable e) {
      failures.add(kind + ": " + e + " for " + abbreviate(input));
    }
  }

  private String mutate(String seed) {
    StringBuilder text = new StringBuilder(seed);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits && !text.isEmpty(); i++) {
      int at = random.nextInt(text.length());
      switch (random.nextInt(4)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, randomChar());
        case 2 -> text.setCharAt(at, randomChar());
        default -> text.insert(at, "{}[]\",:*?$\\".charAt(random.nextInt(11)));
      }
    }
    return text.toString();
  }

  private String deep() {
    int depth = 17 + random.nextInt(20_000);
    return switch (random.nextInt(4)) {
      case 0 -> "[".repeat(depth) + "]".repeat(depth);
      case 1 -> "{\"Statement\":" + "[".repeat(depth);
      case 2 -> "{\"Statement\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}";
      default ->
          "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\","
              + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k:a\":"
              + "[".repeat(depth)
              + "]".repeat(depth)
              + "}}}}";
    };
  }

  private String oversized() {
    int size = 65_537 + random.nextInt(2 << 20);
    return switch (random.nextInt(3)) {
      case 0 -> "{\"Id\":\"" + "x".repeat(size) + "\"}";
      case 1 -> "[" + "1,".repeat(size / 2) + "1]";
      default -> SEEDS.get(0) + " ".repeat(size);
    };
  }

  private String wrongTypes() {
    try {
      JsonNode tree = MAPPER.readTree(SEEDS.get(random.nextInt(SEEDS.size())));
      int replacements = 1 + random.nextInt(3);
      for (int i = 0; i < replacements; i++) {
        replaceRandomNode(tree);
      }
      return MAPPER.writeValueAsString(tree);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Walks down from the root to a random container and replaces one of its children. */
  private void replaceRandomNode(JsonNode root) {
    JsonNode node = root;
    while (true) {
      List<JsonNode> children = new ArrayList<>();
      node.forEach(children::add);
      if (children.isEmpty()) {
        return;
      }
      int index = random.nextInt(children.size());
      JsonNode child = children.get(index);
      if (child.isContainerNode() && random.nextInt(3) > 0) {
        node = child;
        continue;
      }
      JsonNode replacement = randomValue(2);
      if (node instanceof ObjectNode object) {
        String name = new ArrayList<>(object.properties()).get(index).getKey();
        object.set(name, replacement);
      } else {
        ((ArrayNode) node).set(index, replacement);
      }
      return;
    }
  }

  private JsonNode randomValue(int depth) {
    return switch (random.nextInt(depth > 0 ? 9 : 7)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(random.nextBoolean());
      case 2 -> NODES.numberNode(random.nextLong());
      case 3 -> NODES.numberNode(random.nextDouble() * 1e300);
      case 4 -> NODES.textNode(randomString(random.nextInt(12)));
      case 5 -> NODES.textNode("");
      case 6 ->
          NODES.textNode(
              List.of("*", "Allow", "sqs:*", "arn:aws:sqs:*", "${x}").get(random.nextInt(5)));
      case 7 -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          array.add(randomValue(depth - 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          object.set(randomString(4), randomValue(depth - 1));
        }
        yield object;
      }
    };
  }

  private String randomUnicode() {
    return random.nextBoolean()
        ? randomString(random.nextInt(200))
        : "{\"Statement\":" + randomString(random.nextInt(100)) + "}";
  }

  private String randomString(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(randomChar());
    }
    return text.toString();
  }

  private char randomChar() {
    return switch (random.nextInt(4)) {
      case 0 -> (char) (32 + random.nextInt(95));
      case 1 -> (char) random.nextInt(32);
      case 2 -> (char) (0xD800 + random.nextInt(0x800));
      default -> (char) random.nextInt(0x10000);
    };
  }

  private static String abbreviate(String input) {
    return input.length() > 300 ? input.substring(0, 300) + "..." : input;
  }
}
