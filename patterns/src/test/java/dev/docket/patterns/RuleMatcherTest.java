package dev.docket.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {

  private static JsonNode event(String source, String detail) {
    return Events.json(
        "{\"id\": \"1\", \"source\": \""
            + source
            + "\", \"detail-type\": \"t\", \"account\": \"123456789012\", \"region\":"
            + " \"us-east-1\", \"time\": \"2022-07-13T13:48:01Z\", \"resources\": [], \"detail\": "
            + detail
            + "}");
  }

  /**
   * 1,000 rules: rule i matches source "app.(i % 100)" and detail.n = i; every tenth also accepts
   * detail.n in [i + 1000, i + 1010). (Few numeric ranges: event-ruler builds them slowly.)
   */
  private static Map<Integer, EventPattern> thousandRules() {
    Map<Integer, EventPattern> rules = new LinkedHashMap<>();
    for (int i = 0; i < 1000; i++) {
      rules.put(
          i,
          EventPattern.parse(
              "{\"source\": [\"app."
                  + (i % 100)
                  + "\"], \"detail\": {\"n\": ["
                  + i
                  + (i % 10 == 0
                      ? ", {\"numeric\": [\">=\", " + (i + 1000) + ", \"<\", " + (i + 1010) + "]}"
                      : "")
                  + "]}}"));
    }
    return rules;
  }

  @Test
  void findsExactlyTheMatchingRulesAmongAThousand() {
    Map<Integer, EventPattern> rules = thousandRules();
    RuleMatcher<Integer> matcher = RuleMatcher.of(rules);

    Set<Integer> matched = matcher.matches(event("app.7", "{\"n\": 507}"));
    Set<Integer> inRange = matcher.matches(event("app.10", "{\"n\": 1519}"));

    assertThat(matched).containsExactly(507);
    assertThat(inRange).containsExactly(510);
    assertThat(matcher.size()).isEqualTo(1000);
  }

  @Test
  void agreesWithEachPatternAloneOnManyEvents() {
    Map<Integer, EventPattern> rules = thousandRules();
    rules.put(1000, EventPattern.parse("{\"source\": [{\"prefix\": \"app.1\"}]}"));
    rules.put(1001, EventPattern.parse("{\"detail\": {\"n\": [{\"exists\": false}]}}"));
    rules.put(
        1002,
        EventPattern.parse(
            "{\"$or\": [{\"source\": [\"app.3\"]}, {\"detail\": {\"n\": [{\"numeric\": [\"<\","
                + " 5]}]}}]}"));
    RuleMatcher<Integer> matcher = RuleMatcher.of(rules);

    for (int e = 0; e < 300; e += 29) {
      JsonNode event = event("app." + (e % 13), e % 5 == 0 ? "{}" : "{\"n\": " + e * 4 + "}");
      Set<Integer> expected = new HashSet<>();
      rules.forEach(
          (key, pattern) -> {
            if (pattern.matches(event)) {
              expected.add(key);
            }
          });

      assertThat(matcher.matches(event)).as("event %s", event).isEqualTo(expected);
    }
  }

  @Test
  void aRuleWithOrIsReportedOnceWhenSeveralBranchesMatch() {
    RuleMatcher<String> matcher =
        RuleMatcher.of(
            Map.of(
                "or",
                EventPattern.parse(
                    "{\"$or\": [{\"source\": [\"app.1\"]}, {\"detail\": {\"n\": [1]}}]}")));

    assertThat(matcher.matches(event("app.1", "{\"n\": 1}"))).containsExactly("or");
  }

  @Test
  void matchesArrayElementsConsistently() {
    EventPattern pattern =
        EventPattern.parse("{\"detail\": {\"items\": {\"kind\": [\"a\"], \"size\": [1]}}}");
    RuleMatcher<String> matcher = RuleMatcher.of(Map.of("r", pattern));

    JsonNode sameElement =
        event("s", "{\"items\": [{\"kind\": \"b\", \"size\": 2}, {\"kind\": \"a\", \"size\": 1}]}");
    JsonNode differentElements =
        event("s", "{\"items\": [{\"kind\": \"a\", \"size\": 2}, {\"kind\": \"b\", \"size\": 1}]}");

    assertThat(matcher.matches(sameElement)).containsExactly("r");
    assertThat(matcher.matches(differentElements)).isEmpty();
    assertThat(pattern.matches(differentElements)).isFalse();
  }

  @Test
  void anEmptyMatcherMatchesNothing() {
    RuleMatcher<String> matcher = RuleMatcher.of(Map.of());

    assertThat(matcher.isEmpty()).isTrue();
    assertThat(matcher.matches(event("s", "{}"))).isEmpty();
  }

  @Test
  void theReturnedSetIsImmutable() {
    RuleMatcher<String> matcher =
        RuleMatcher.of(
            Map.of(
                "a", EventPattern.parse("{\"source\": [\"s\"]}"),
                "b", EventPattern.parse("{\"source\": [{\"prefix\": \"s\"}]}")));

    Set<String> matched = matcher.matches(event("s", "{}"));

    assertThat(matched).containsExactlyInAnyOrder("a", "b");
    assertThatThrownBy(() -> matched.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void oneMatcherServesManyThreadsAtOnce() throws Exception {
    RuleMatcher<Integer> matcher = RuleMatcher.of(thousandRules());
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int offset = t;
      tasks.add(
          () -> {
            for (int i = 0; i < 50; i++) {
              int n = (i * 5 + offset) % 1000;
              Set<Integer> expected = Set.of(n);
              if (!matcher
                  .matches(event("app." + (n % 100), "{\"n\": " + n + "}"))
                  .equals(expected)) {
                return false;
              }
            }
            return true;
          });
    }

    try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
      for (Future<Boolean> result : executor.invokeAll(tasks)) {
        assertThat(result.get()).isTrue();
      }
    }
  }
}
