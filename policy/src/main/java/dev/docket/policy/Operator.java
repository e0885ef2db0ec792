package dev.docket.policy;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * IAM's condition operators, without the {@code ...IfExists} suffix and the {@code ForAnyValue:} /
 * {@code ForAllValues:} prefix. A negated operator is evaluated as the negation of its positive
 * twin ({@code StringNotEquals} = not {@code StringEquals}), so several values of a negated
 * operator combine with NOR, as IAM documents.
 */
enum Operator {
  STRING_EQUALS("StringEquals", Family.STRING, false),
  STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true),
  STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING_IGNORE_CASE, false),
  STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING_IGNORE_CASE, true),
  STRING_LIKE("StringLike", Family.STRING_LIKE, false),
  STRING_NOT_LIKE("StringNotLike", Family.STRING_LIKE, true),
  NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false),
  NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true),
  NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false),
  NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false),
  NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false),
  NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false),
  DATE_EQUALS("DateEquals", Family.DATE, false),
  DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true),
  DATE_LESS_THAN("DateLessThan", Family.DATE, false),
  DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false),
  DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false),
  DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false),
  BOOL("Bool", Family.BOOL, false),
  BINARY_EQUALS("BinaryEquals", Family.BINARY, false),
  IP_ADDRESS("IpAddress", Family.IP, false),
  NOT_IP_ADDRESS("NotIpAddress", Family.IP, true),
  ARN_EQUALS("ArnEquals", Family.ARN, false),
  ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true),
  ARN_LIKE("ArnLike", Family.ARN, false),
  ARN_NOT_LIKE("ArnNotLike", Family.ARN, true),
  NULL("Null", Family.NULL, false);

  /** How values are compared. */
  enum Family {
    STRING,
    STRING_IGNORE_CASE,
    STRING_LIKE,
    NUMERIC,
    DATE,
    BOOL,
    BINARY,
    IP,
    ARN,
    NULL
  }

  private static final Map<String, Operator> BY_NAME =
      Stream.of(values())
          .collect(
              Collectors.toUnmodifiableMap(
                  op -> op.awsName.toLowerCase(Locale.ROOT), Function.identity()));

  private final String awsName;
  private final Family family;
  private final boolean negated;

  Operator(String awsName, Family family, boolean negated) {
    this.awsName = awsName;
    this.family = family;
    this.negated = negated;
  }

  /** The operator of a name without prefix or suffix, case-insensitively, or null. */
  static Operator named(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  String awsName() {
    return awsName;
  }

  Family family() {
    return family;
  }

  boolean negated() {
    return negated;
  }
}
