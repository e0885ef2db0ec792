package dev.docket.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource({
    "*, '', true",
    "*, anything, true",
    "**, anything, true",
    "abc, abc, true",
    "abc, abcd, false",
    "abc*, abc, true",
    "abc*, abcdef, true",
    "abc*, ab, false",
    "*def, abcdef, true",
    "*def, abcdefg, false",
    "a*c, abbbc, true",
    "a*c, abbbd, false",
    "a?c, abc, true",
    "a?c, ac, false",
    "a?c, abbc, false",
    "?, x, true",
    "?, '', false",
    "*a*b*c*, xxaxxbxxcxx, true",
    "*a*b*c*, xxaxxcxxbxx, false",
    "a*a*a*a*b, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, false",
    "*?, '', false",
    "*?, a, true",
    "a**b, ab, true",
    "a*, A, false"
  })
  void globMatchesAsIamWildcards(String pattern, String input, boolean matches) {
    assertThat(Glob.of(pattern).matches(input)).isEqualTo(matches);
  }

  @Test
  void globsAreClassifiedIntoTheCheapestMatcher() {
    assertThat(Glob.of("*").kind()).isEqualTo(Glob.Kind.ANY);
    assertThat(Glob.of("sqs:sendmessage").kind()).isEqualTo(Glob.Kind.EXACT);
    assertThat(Glob.of("sqs:*").kind()).isEqualTo(Glob.Kind.PREFIX);
    assertThat(Glob.of("sqs:*message").kind()).isEqualTo(Glob.Kind.GENERAL);
    assertThat(Glob.of("sqs:send?").kind()).isEqualTo(Glob.Kind.GENERAL);
  }

  @Test
  void escapedWildcardsAreLiterals() {
    Glob glob = PolicyText.glob("a${*}b*", true);

    assertThat(glob.matches("a*bxyz")).isTrue();
    assertThat(glob.matches("axbxyz")).isFalse();
    assertThat(glob.kind()).isEqualTo(Glob.Kind.PREFIX);
  }

  @Test
  void hostilePatternCostsPolynomialTime() {
    Glob glob = Glob.of("*a".repeat(500) + "b");
    String input = "a".repeat(5_000);

    assertThat(glob.matches(input)).isFalse();
  }
}
