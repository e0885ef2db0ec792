package dev.docket.states.data;

import static dev.docket.states.data.Nodes.json;
import static dev.docket.states.data.Nodes.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.docket.states.asl.ChoiceRule;
import dev.docket.states.asl.ChoiceRule.Comparison;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChoiceRulesTest {

  private static final Scope SCOPE =
      scope(
          "{'s': 'log-2024.txt', 'n': 5, 'd': 5.0, 'b': true, 'nul': null,"
              + " 't': '2016-03-14T01:59:00Z', 'tz': '2016-03-14T02:59:00+01:00',"
              + " 'star': 'a*b', 'other': 7}");

  private static boolean matches(String variable, String operator, String value) {
    return JsonPathMode.matches(new Comparison(variable, operator, json(value)), SCOPE);
  }

  @Test
  void stringMatchesWithWildcardsAndEscapes() {
    assertThat(matches("$.s", "StringMatches", "'log-*.txt'")).isTrue();
    assertThat(matches("$.s", "StringMatches", "'*.csv'")).isFalse();
    assertThat(matches("$.star", "StringMatches", "'a\\\\*b'")).isTrue();
    assertThat(matches("$.s", "StringMatches", "'log\\\\*'")).isFalse();
  }

  @Test
  void globBacktracksAndMatchesEmptyRuns() {
    assertThat(ChoiceRules.glob("aaab", "a*ab")).isTrue();
    assertThat(ChoiceRules.glob("aXbYc", "a*b*c")).isTrue();
    assertThat(ChoiceRules.glob("", "*")).isTrue();
    assertThat(ChoiceRules.glob("abc", "**c")).isTrue();
    assertThat(ChoiceRules.glob("abc", "a*d")).isFalse();
    assertThat(ChoiceRules.glob("a\\b", "a\\\\b")).isTrue();
    assertThat(ChoiceRules.glob("ab", "a\\*")).isFalse();
  }

  @Test
  void numericComparisonsIgnoreTheIntegerDoubleDistinction() {
    assertThat(matches("$.n", "NumericEquals", "5.0")).isTrue();
    assertThat(matches("$.d", "NumericEqualsPath", "'$.n'")).isTrue();
    assertThat(matches("$.n", "NumericLessThanPath", "'$.other'")).isTrue();
    assertThat(matches("$.n", "NumericGreaterThanEquals", "6")).isFalse();
  }

  @Test
  void typeMismatchIsFalse() {
    assertThat(matches("$.s", "NumericEquals", "5")).isFalse();
    assertThat(matches("$.n", "StringEquals", "'5'")).isFalse();
    assertThat(matches("$.b", "NumericEquals", "1")).isFalse();
    assertThat(matches("$.n", "BooleanEquals", "true")).isFalse();
  }

  @Test
  void timestampsCompareAsInstants() {
    assertThat(matches("$.t", "TimestampEqualsPath", "'$.tz'")).isTrue();
    assertThat(matches("$.t", "TimestampLessThan", "'2016-03-14T01:59:01Z'")).isTrue();
    assertThat(matches("$.t", "IsTimestamp", "true")).isTrue();
    assertThat(matches("$.s", "IsTimestamp", "true")).isFalse();
  }

  @Test
  void timestampsFollowRfc3339Strictly() {
    Scope scope =
        scope(
            "{'lower': '2016-03-14t01:59:00Z', 'zulu': '2016-03-14T01:59:00z',"
                + " 'noSeconds': '2016-03-14T01:59+01:00', 'date': '2016-03-14',"
                + " 'fraction': '2016-03-14T01:59:00.123Z'}");

    assertThat(isTimestamp("$.lower", scope)).isFalse();
    assertThat(isTimestamp("$.zulu", scope)).isFalse();
    assertThat(isTimestamp("$.noSeconds", scope)).isFalse();
    assertThat(isTimestamp("$.date", scope)).isFalse();
    assertThat(isTimestamp("$.fraction", scope)).isTrue();
  }

  private static boolean isTimestamp(String variable, Scope scope) {
    return JsonPathMode.matches(new Comparison(variable, "IsTimestamp", json("true")), scope);
  }

  @Test
  void typeTests() {
    assertThat(matches("$.nul", "IsNull", "true")).isTrue();
    assertThat(matches("$.n", "IsNumeric", "true")).isTrue();
    assertThat(matches("$.s", "IsString", "true")).isTrue();
    assertThat(matches("$.b", "IsBoolean", "true")).isTrue();
    assertThat(matches("$.n", "IsString", "false")).isTrue();
  }

  @Test
  void isPresentToleratesAMissingVariable() {
    assertThat(matches("$.missing", "IsPresent", "false")).isTrue();
    assertThat(matches("$.missing", "IsPresent", "true")).isFalse();
    assertThat(matches("$.n", "IsPresent", "true")).isTrue();
  }

  @Test
  void otherOperatorsFailOnAMissingVariable() {
    assertThatThrownBy(() -> matches("$.missing", "StringEquals", "'x'"))
        .isInstanceOfSatisfying(
            StatesFailure.class,
            f -> {
              assertThat(f.error()).isEqualTo("States.Runtime");
              assertThat(f.causeText())
                  .isEqualTo(
                      "Invalid path '$.missing': The choice state's condition path references an"
                          + " invalid value.");
            });
  }

  @Test
  void booleanCombinators() {
    ChoiceRule yes = new Comparison("$.n", "NumericEquals", json("5"));
    ChoiceRule no = new Comparison("$.n", "NumericEquals", json("6"));

    assertThat(JsonPathMode.matches(new ChoiceRule.And(List.of(yes, no)), SCOPE)).isFalse();
    assertThat(JsonPathMode.matches(new ChoiceRule.Or(List.of(no, yes)), SCOPE)).isTrue();
    assertThat(JsonPathMode.matches(new ChoiceRule.Not(no), SCOPE)).isTrue();
  }

  @Test
  void variablesCanBeCompared() {
    Variables variables = Variables.root();
    variables.assign(Map.of("limit", json("10")));
    Scope scope = Nodes.scope(json("{'n': 5}"), variables);

    assertThat(
            JsonPathMode.matches(
                new Comparison("$limit", "NumericGreaterThanPath", json("'$.n'")), scope))
        .isTrue();
  }

  @Test
  void jsonataConditionIsDelegated() {
    assertThat(
            JsonPathMode.matches(
                new ChoiceRule.Condition(json("'{% $states.input.n > 3 %}'")), SCOPE))
        .isTrue();
  }
}
