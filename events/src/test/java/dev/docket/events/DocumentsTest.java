package dev.docket.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");

  static Rule rule(List<RuleTarget> targets) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("z", "1");
    tags.put("a", "2");
    return new Rule(
        "r",
        Arns.rule("us-east-1", "123456789012", "orders", "r"),
        "orders",
        Arns.bus("us-east-1", "123456789012", "orders"),
        Optional.of("{\"source\":[\"a\"]}"),
        Optional.empty(),
        RuleState.DISABLED,
        Optional.of("d"),
        Optional.empty(),
        Optional.empty(),
        "123456789012",
        T0,
        tags,
        targets);
  }

  static RuleTarget target(String json) throws Exception {
    return new RuleTarget((ObjectNode) JSON.readTree(json));
  }

  @Test
  void aRuleWithItsTargetsAndTagsSurvivesTheDocument() throws Exception {
    Rule rule =
        rule(
            List.of(
                target("{\"Id\":\"t1\",\"Arn\":\"a\",\"InputPath\":\"$.detail\"}"),
                target(
                    "{\"Id\":\"t0\",\"Arn\":\"b\",\"SqsParameters\":{\"MessageGroupId\":\"g\"}}")));

    Rule read = Documents.readRule(Documents.write(rule));

    assertThat(read).isEqualTo(rule);
    assertThat(read.tags().keySet()).containsExactly("z", "a");
    assertThat(read.targets()).extracting(RuleTarget::id).containsExactly("t1", "t0");
  }

  @Test
  void aBusSurvivesTheDocument() {
    Bus bus =
        new Bus(
            "orders",
            Arns.bus("us-east-1", "123456789012", "orders"),
            "123456789012",
            "us-east-1",
            Optional.of("desc"),
            Optional.empty(),
            Optional.of("arn:aws:sqs:us-east-1:123456789012:dlq"),
            Optional.of(JSON.createObjectNode().put("Level", "INFO")),
            Optional.empty(),
            T0,
            T0.plusSeconds(5),
            Map.of("k", "v"));

    assertThat(Documents.readBus(Documents.write(bus))).isEqualTo(bus);
  }

  @Test
  void recordsAreKeyedByArnAndListedUnderTheirParent() {
    Rule rule = rule(List.of());

    var record = Documents.newRecord(rule);

    assertThat(record.kind()).isEqualTo(Documents.RULE);
    assertThat(record.id()).isEqualTo(rule.arn());
    assertThat(record.parent()).isEqualTo(rule.busArn());
    assertThat(record.name()).isEqualTo("r");
    assertThat(record.version()).isEqualTo(1);
  }
}
