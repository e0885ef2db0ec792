package dev.docket.patterns;

import static dev.docket.patterns.Events.fieldMatches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each operator EventBridge documents, against values that match and values that do not. Each row:
 * the match expression, the event's value of the field ({@code null} for an absent field; {@code
 * 'null'} for JSON null), and whether it matches.
 */
class OperatorsTest {

  @ParameterizedTest(name = "{0} vs {1}: {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "ABSENT",
      textBlock =
          """
          "running"                                      | "running"          | true
          "running"                                      | "Running"          | false
          "running"                                      | ["a", "running"]   | true
          "running"                                      | ABSENT             | false
          ""                                             | ""                 | true
          null                                           | null               | true
          null                                           | "null"             | false
          true                                           | true               | true
          true                                           | "true"             | false
          300                                            | 300.0              | true
          300                                            | "300"              | false
          {"prefix": "us-"}                              | "us-east-1"        | true
          {"prefix": "us-"}                              | "eu-west-1"        | false
          {"prefix": ""}                                 | "anything"         | true
          {"prefix": {"equals-ignore-case": "EventB"}}   | "eventbridge"      | true
          {"prefix": {"equals-ignore-case": "EventB"}}   | "event"            | false
          {"suffix": ".png"}                             | "image.png"        | true
          {"suffix": ".png"}                             | "image.PNG"        | false
          {"suffix": {"equals-ignore-case": ".png"}}     | "image.PNG"        | true
          {"suffix": {"equals-ignore-case": ".png"}}     | "image.jpg"        | false
          {"equals-ignore-case": "alice"}                | "ALICE"            | true
          {"equals-ignore-case": "alice"}                | "alicia"           | false
          {"anything-but": "initializing"}               | "pending"          | true
          {"anything-but": "initializing"}               | "initializing"     | false
          {"anything-but": "initializing"}               | null               | true
          {"anything-but": "initializing"}               | ABSENT             | false
          {"anything-but": ["stopped", "overloaded"]}    | "stopped"          | false
          {"anything-but": ["stopped", "overloaded"]}    | "running"          | true
          {"anything-but": 123}                          | 124                | true
          {"anything-but": 123}                          | 123                | false
          {"anything-but": [100, 200]}                   | 200.0              | false
          {"anything-but": {"prefix": "init"}}           | "initializing"     | false
          {"anything-but": {"prefix": "init"}}           | "post-init"        | true
          {"anything-but": {"prefix": ["a", "b"]}}       | "beta"             | false
          {"anything-but": {"suffix": ".txt"}}           | "file.txt"         | false
          {"anything-but": {"suffix": ".txt"}}           | "file.txt.bak"     | true
          {"anything-but": {"equals-ignore-case": "x"}}  | "X"                | false
          {"anything-but": {"equals-ignore-case": "x"}}  | "y"                | true
          {"anything-but": {"wildcard": "*/lib/*"}}      | "/usr/lib/x"       | false
          {"anything-but": {"wildcard": "*/lib/*"}}      | "/usr/bin/x"       | true
          {"numeric": [">", 0, "<=", 5]}                 | 5                  | true
          {"numeric": [">", 0, "<=", 5]}                 | 0                  | false
          {"numeric": [">", 0, "<=", 5]}                 | 5.000001           | false
          {"numeric": [">=", -5.5]}                      | -5.5               | true
          {"numeric": ["<", 10]}                         | 9.999999           | true
          {"numeric": ["=", 301.8]}                      | 3.018e2            | true
          {"numeric": ["=", 301.8]}                      | "301.8"            | false
          {"numeric": [">", 100]}                        | 101.0              | true
          {"numeric": [">", -5000000000, "<", 5000000000]} | 4999999999.999999 | true
          {"exists": true}                               | "value"            | true
          {"exists": true}                               | null               | true
          {"exists": true}                               | ABSENT             | false
          {"exists": true}                               | {"nested": 1}      | false
          {"exists": true}                               | []                 | false
          {"exists": false}                              | ABSENT             | true
          {"exists": false}                              | "value"            | false
          {"cidr": "10.0.0.0/24"}                        | "10.0.0.255"       | true
          {"cidr": "10.0.0.0/24"}                        | "10.0.1.0"         | false
          {"cidr": "10.0.0.0/24"}                        | 123                | false
          {"cidr": "2001:db8:1234:1a00::/64"}            | "2001:db8:1234:1a00::1" | true
          {"cidr": "2001:db8:1234:1a00::/64"}            | "2001:db8:1234:1a01::1" | false
          {"wildcard": "dir/*.png"}                      | "dir/a/b.png"      | true
          {"wildcard": "dir/*.png"}                      | "dir/a/b.jpg"      | false
          {"wildcard": "arn:aws:events:us-east-1:*:event-bus/*"} | "arn:aws:events:us-east-1:1:event-bus/b" | true
          {"wildcard": "a\\\\*b"}                        | "a*b"              | true
          {"wildcard": "a\\\\*b"}                        | "axb"              | false
          {"wildcard": ""}                               | "x"                | false
          """)
  void operatorMatchesAsDocumented(String expression, String value, boolean expected) {
    assertThat(fieldMatches(expression, value)).isEqualTo(expected);
  }
}
