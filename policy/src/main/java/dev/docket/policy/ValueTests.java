package dev.docket.policy;

import dev.docket.policy.Condition.ValueTest;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Compiles the policy values of one condition into the positive {@link ValueTest} of its operator:
 * policy values are parsed here, once, and refused with a reason when the operator cannot use them;
 * a request value that cannot be parsed (a number that is not one) matches no policy value.
 */
final class ValueTests {

  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?");
  private static final Pattern EPOCH = Pattern.compile("-?[0-9]{1,12}");

  private ValueTests() {}

  static ValueTest compile(Operator operator, List<String> raw, boolean variables) {
    String name = operator.awsName();
    return switch (operator.family()) {
      case STRING -> {
        Set<String> values = Set.copyOf(literals(raw, variables));
        yield values.size() == 1 ? values.iterator().next()::equals : values::contains;
      }
      case STRING_IGNORE_CASE -> {
        String[] values = literals(raw, variables).toArray(String[]::new);
        yield value -> {
          for (String candidate : values) {
            if (candidate.equalsIgnoreCase(value)) {
              return true;
            }
          }
          return false;
        };
      }
      case STRING_LIKE -> {
        List<Glob> globs = new ArrayList<>();
        raw.forEach(value -> globs.add(PolicyText.glob(value, variables)));
        yield GlobSet.of(globs)::matches;
      }
      case NUMERIC -> numeric(operator, raw);
      case DATE -> date(operator, raw);
      case BOOL -> {
        for (String value : raw) {
          if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw invalid(name, value, "is not true or false");
          }
        }
        String[] values = raw.toArray(String[]::new);
        yield value -> {
          for (String candidate : values) {
            if (candidate.equalsIgnoreCase(value)) {
              return true;
            }
          }
          return false;
        };
      }
      case BINARY -> {
        List<byte[]> values = new ArrayList<>();
        for (String value : raw) {
          byte[] bytes = base64(value);
          if (bytes == null) {
            throw invalid(name, value, "is not base64");
          }
          values.add(bytes);
        }
        yield value -> {
          byte[] bytes = base64(value);
          return bytes != null && values.stream().anyMatch(v -> Arrays.equals(v, bytes));
        };
      }
      case IP -> {
        Cidr[] blocks = new Cidr[raw.size()];
        for (int i = 0; i < blocks.length; i++) {
          blocks[i] = Cidr.parse(raw.get(i));
          if (blocks[i] == null) {
            throw invalid(name, raw.get(i), "is not an IP address or CIDR block");
          }
        }
        yield value -> {
          for (Cidr block : blocks) {
            if (block.contains(value)) {
              return true;
            }
          }
          return false;
        };
      }
      case ARN -> {
        ArnPattern[] patterns = new ArnPattern[raw.size()];
        for (int i = 0; i < patterns.length; i++) {
          patterns[i] = ArnPattern.of(raw.get(i), variables);
        }
        yield value -> {
          for (ArnPattern pattern : patterns) {
            if (pattern.matches(value)) {
              return true;
            }
          }
          return false;
        };
      }
      case NULL -> throw new IllegalStateException("Null has no value test");
    };
  }

  private static List<String> literals(List<String> raw, boolean variables) {
    return raw.stream().map(value -> PolicyText.literal(value, variables)).toList();
  }

  private static ValueTest numeric(Operator operator, List<String> raw) {
    BigDecimal[] values = new BigDecimal[raw.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = number(raw.get(i));
      if (values[i] == null) {
        throw invalid(operator.awsName(), raw.get(i), "is not a number");
      }
    }
    IntPredicate accept = comparison(operator);
    return value -> {
      BigDecimal number = number(value);
      if (number == null) {
        return false;
      }
      for (BigDecimal candidate : values) {
        if (accept.test(number.compareTo(candidate))) {
          return true;
        }
      }
      return false;
    };
  }

  private static ValueTest date(Operator operator, List<String> raw) {
    Instant[] values = new Instant[raw.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = instant(raw.get(i));
      if (values[i] == null) {
        throw invalid(operator.awsName(), raw.get(i), "is not an ISO 8601 date or epoch seconds");
      }
    }
    IntPredicate accept = comparison(operator);
    return value -> {
      Instant instant = instant(value);
      if (instant == null) {
        return false;
      }
      for (Instant candidate : values) {
        if (accept.test(instant.compareTo(candidate))) {
          return true;
        }
      }
      return false;
    };
  }

  /** Whether {@code compare(requestValue, policyValue)} satisfies the positive operator. */
  private static IntPredicate comparison(Operator operator) {
    return switch (operator) {
      case NUMERIC_EQUALS, NUMERIC_NOT_EQUALS, DATE_EQUALS, DATE_NOT_EQUALS -> c -> c == 0;
      case NUMERIC_LESS_THAN, DATE_LESS_THAN -> c -> c < 0;
      case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> c -> c <= 0;
      case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> c -> c > 0;
      case NUMERIC_GREATER_THAN_EQUALS, DATE_GREATER_THAN_EQUALS -> c -> c >= 0;
      default -> throw new IllegalStateException(operator + " does not compare");
    };
  }

  /** A plain decimal (IAM's numbers: no exponent, no sign but minus), or null. */
  static BigDecimal number(String text) {
    return text.length() <= 82 && NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
  }

  /**
   * An ISO 8601 date-time ({@code 2026-12-01T12:00:00Z}, with an offset, or without one for UTC),
   * date ({@code 2026-12-01}, midnight UTC) or epoch seconds, or null.
   */
  static Instant instant(String text) {
    if (text.isEmpty() || text.length() > 40) {
      return null;
    }
    if (EPOCH.matcher(text).matches()) {
      return Instant.ofEpochSecond(Long.parseLong(text));
    }
    try {
      if (text.indexOf('T') < 0 && text.indexOf('t') < 0) {
        return LocalDate.parse(text, DateTimeFormatter.ISO_DATE)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text.toUpperCase(Locale.ROOT), OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof OffsetDateTime offset
          ? offset.toInstant()
          : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static byte[] base64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static MalformedPolicyException invalid(String operator, String value, String problem) {
    return new MalformedPolicyException(
        operator + " value " + PolicyText.quote(value) + " " + problem);
  }
}
