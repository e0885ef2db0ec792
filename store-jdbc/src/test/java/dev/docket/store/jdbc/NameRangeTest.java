package dev.docket.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NameRangeTest {

  @Test
  void successorIncrementsTheLastCodePoint() {
    assertThat(NameRange.successor("ab")).contains("ac");
    assertThat(NameRange.successor("a\uD7FF")).contains("a\uE000");
    assertThat(NameRange.successor("a\uFFFF")).contains("a\uD800\uDC00");
  }

  @Test
  void successorDropsTrailingMaximalCodePoints() {
    String max = new String(Character.toChars(Character.MAX_CODE_POINT));

    assertThat(NameRange.successor("a" + max + max)).contains("b");
    assertThat(NameRange.successor(max)).isEmpty();
  }

  @Test
  void rangeStartsAtThePrefixUnlessThePageTokenIsBeyondIt() {
    assertThat(NameRange.of("", "")).isEqualTo(new NameRange("", true, Optional.empty()));
    assertThat(NameRange.of("p", "a")).isEqualTo(new NameRange("p", true, Optional.of("q")));
    assertThat(NameRange.of("p", "p1")).isEqualTo(new NameRange("p1", false, Optional.of("q")));
    assertThat(NameRange.of("", "m")).isEqualTo(new NameRange("m", false, Optional.empty()));
  }

  @Test
  void namesCompareByCodePointNotByUtf16Unit() {
    String supplementary = new String(Character.toChars(0x1F600));

    assertThat(NameRange.compare("\uFFFD", supplementary)).isNegative();
    assertThat("\uFFFD".compareTo(supplementary)).isPositive();
    assertThat(NameRange.compare("ab", "abc")).isNegative();
    assertThat(NameRange.compare("abc", "abc")).isZero();
  }

  @Test
  void theConditionHasAParameterForEachBound() {
    assertThat(NameRange.of("ord", "").condition("name")).isEqualTo("name >= ? AND name < ?");
    assertThat(NameRange.of("", "orders").condition("name")).isEqualTo("name > ?");
  }
}
