package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EventBridge's limits on top of event-ruler's grammar. */
class LimitsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"numeric\": [\">\", 5000000001]}",
        "{\"numeric\": [\"<\", -5.0000001e9]}",
        "{\"numeric\": [\">\", 0, \"<\", 1e10]}",
        "{\"numeric\": [\"=\", 6e9]}",
        "{\"anything-but\": 5000000000.5}",
        "{\"anything-but\": [1, 7000000000]}"
      })
  void refusesNumbersOutsideFiveBillion(String expression) {
    assertThatThrownBy(() -> EventPattern.parse("{\"detail\": {\"f\": [" + expression + "]}}"))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(
            "Event pattern is not valid. Reason: Value must be between -5.0E9 and 5.0E9, inclusive");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"numeric\": [\">\", 0.1234567]}",
        "{\"numeric\": [\"=\", 1.0000001]}",
        "{\"anything-but\": [0.0000001]}"
      })
  void refusesNumbersWithMoreThanSixDecimals(String expression) {
    assertThatThrownBy(() -> EventPattern.parse("{\"detail\": {\"f\": [" + expression + "]}}"))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(
            "Event pattern is not valid. Reason: Only values upto 6 decimals are supported");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"numeric\": [\">=\", -5e9, \"<=\", 5e9]}",
        "{\"numeric\": [\"=\", 0.123456]}",
        "{\"numeric\": [\"=\", 1.5000000]}",
        "{\"anything-but\": [4999999999.999999]}"
      })
  void acceptsNumbersWithinTheLimits(String expression) {
    EventPattern pattern = EventPattern.parse("{\"detail\": {\"f\": [" + expression + "]}}");

    assertThat(pattern.json()).contains(expression);
  }

  @Test
  void exactNumbersAreNotNumericComparisonsAndHaveNoRangeLimit() {
    EventPattern pattern = EventPattern.parse("{\"account\": [123456789012]}");

    assertThat(pattern.json()).contains("123456789012");
  }

  @Test
  void aFieldNamedNumericIsNotAnOperator() {
    EventPattern pattern =
        EventPattern.parse("{\"numeric\": [9000000000], \"anything-but\": [9000000000]}");

    assertThat(
            pattern.matches(Events.json("{\"numeric\": 9000000000, \"anything-but\": 9000000000}")))
        .isTrue();
  }

  @Test
  void refusesAPatternLongerThanTheQuota() {
    String pattern = "{\"source\": [\"" + "x".repeat(2048) + "\"]}";

    assertThatThrownBy(() -> EventPattern.parse(pattern))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(
            "Event pattern is not valid. Reason: Event pattern is too long: 2064 characters, the"
                + " maximum is 2048");
  }

  @Test
  void acceptsALongerPatternUnderARaisedQuota() {
    String pattern = "{\"source\": [\"" + "x".repeat(2048) + "\"]}";

    assertThat(EventPattern.parse(pattern, PatternLimits.apiMaximum()).json()).isEqualTo(pattern);
  }

  @Test
  void countsCharactersNotUtf16Units() {
    String pattern = "{\"source\": [\"" + "😀".repeat(2030) + "\"]}";

    assertThat(EventPattern.parse(pattern).json()).isEqualTo(pattern);
  }

  @Test
  void quotaCannotExceedTheApiMaximum() {
    assertThatThrownBy(() -> new PatternLimits(4097))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLength must be between 1 and 4096, but was 4097");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*:*:*:*:*:event-bus/*",
        "*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*:*"
      })
  void refusesWildcardsThatAreTooComplex(String wildcard) {
    assertThatThrownBy(() -> EventPattern.parse("{\"f\": [{\"wildcard\": \"" + wildcard + "\"}]}"))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(PatternMessages.PREFIX + PatternMessages.TOO_COMPLEX);
  }

  @Test
  void wildcardComplexityCountsEveryBranchOfOr() {
    String pattern =
        "{\"$or\": [{\"a\": [{\"wildcard\": \"*:*:*:*\"}]}, {\"a\": [{\"wildcard\": \"*:*:*:*:*\"}]}]}";

    assertThatThrownBy(() -> EventPattern.parse(pattern))
        .isInstanceOf(InvalidEventPatternException.class)
        .hasMessage(PatternMessages.PREFIX + PatternMessages.TOO_COMPLEX);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:events:us-east-1:*:event-bus/*",
        "/Users/*/dir/dir/dir/dir/dir/doc.txt",
        "*:*:*:*:*"
      })
  void acceptsTheDocumentedWildcards(String wildcard) {
    EventPattern pattern = EventPattern.parse("{\"f\": [{\"wildcard\": \"" + wildcard + "\"}]}");

    assertThat(pattern.usesWildcard()).isTrue();
  }

  @Test
  void saysWhetherAPatternUsesWildcards() {
    assertThat(
            EventPattern.parse("{\"f\": [{\"anything-but\": {\"wildcard\": \"a*\"}}]}")
                .usesWildcard())
        .isTrue();
    assertThat(EventPattern.parse("{\"f\": [\"a*\"]}").usesWildcard()).isFalse();
  }
}
