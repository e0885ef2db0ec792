package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS-recorded TestEventPattern case: Docket answers as AWS did, with AWS's message for the
 * refused ones. The pattern is validated before the event, as EventBridge does.
 */
class ConformanceTest {

  static Stream<ConformanceCase> cases() {
    return ConformanceCase.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersAsAwsDid(ConformanceCase c) {
    switch (c.expected()) {
      case "MATCH", "NO_MATCH" -> {
        EventPattern pattern = EventPattern.parse(c.pattern(), PatternLimits.apiMaximum());
        ObjectNode event = TestEvent.parse(c.event());

        boolean matched = pattern.matches(event);
        boolean matchedByRuleMatcher =
            !RuleMatcher.of(Map.of("r", pattern)).matches(event).isEmpty();

        assertThat(matched).as("EventPattern.matches").isEqualTo(c.expected().equals("MATCH"));
        assertThat(matchedByRuleMatcher).as("RuleMatcher.matches").isEqualTo(matched);
      }
      case "INVALID" -> {
        if (c.errorCode().equals("InvalidEventPatternException")) {
          assertThatThrownBy(() -> EventPattern.parse(c.pattern(), PatternLimits.apiMaximum()))
              .isInstanceOf(InvalidEventPatternException.class)
              .hasMessage(c.errorMessage());
        } else {
          assertThat(c.errorCode()).isEqualTo("ValidationException");
          EventPattern.parse(c.pattern(), PatternLimits.apiMaximum());
          assertThatThrownBy(() -> TestEvent.parse(c.event()))
              .isInstanceOf(InvalidTestEventException.class)
              .hasMessage(c.errorMessage());
        }
      }
      default -> throw new IllegalArgumentException(c.expected());
    }
  }

  @Test
  void allOneHundredAndThreeCasesAreThere() {
    assertThat(cases()).hasSize(103);
  }
}
