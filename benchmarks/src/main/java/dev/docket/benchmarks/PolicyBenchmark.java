package dev.docket.benchmarks;

import dev.docket.model.Principal;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.Decision;
import dev.docket.policy.Policy;
import dev.docket.policy.PolicyDocument;
import dev.docket.policy.Request;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluating one request against a ten-statement queue policy (design note 0005's goal: under 2 µs
 * per evaluation): three Deny statements with conditions and seven Allow statements for other
 * accounts, services and sources, with exact, prefix and glob actions, ARN-glob resources and
 * StringEquals, ArnLike, IpAddress, Bool, NumericLessThan and DateLessThan conditions. Scenarios:
 *
 * <ul>
 *   <li>{@code allowLast}: the request is allowed by the last statement, so every statement is
 *       checked (the deny statements up to their conditions);
 *   <li>{@code notApplicable}: no statement applies, the whole policy is read (an implicit deny);
 *   <li>{@code denyFirst}: the first Deny statement applies.
 * </ul>
 *
 * <p>Run (after {@code ./mvnw -B -q -DskipTests -pl benchmarks -am package
 * dependency:build-classpath -Dmdep.outputFile=target/classpath.txt}): {@code java -cp
 * "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" org.openjdk.jmh.Main
 * PolicyBenchmark}. Scores are nanoseconds per evaluation.
 *
 * <p>Thread-safety: the policy and requests are immutable and shared by the benchmark threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PolicyBenchmark {

  static final String TEN_STATEMENTS =
      """
      {"Version": "2012-10-17", "Id": "arn:aws:sqs:us-east-1:111111111111:orders/SQSDefaultPolicy",
       "Statement": [
        {"Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "sqs:*",
         "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "DenyOutsideNetwork", "Effect": "Deny", "Principal": "*", "Action": "sqs:*",
         "Resource": "arn:aws:sqs:*:111111111111:*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]},
                       "Bool": {"aws:ViaAWSService": "false"}}},
        {"Sid": "DenyPurgeByOthers", "Effect": "Deny", "Principal": {"AWS": "*"},
         "Action": ["sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes"],
         "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111111111111"}}},
        {"Sid": "TeamA", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:root"},
         "Action": ["SQS:SendMessage", "SQS:ReceiveMessage"],
         "Resource": "arn:aws:sqs:us-east-1:111111111111:orders"},
        {"Sid": "TeamBReaders", "Effect": "Allow",
         "Principal": {"AWS": ["arn:aws:iam::555555555555:role/Reader", "666666666666"]},
         "Action": "sqs:Get*", "Resource": "arn:aws:sqs:us-east-1:111111111111:orders"},
        {"Sid": "SnsTopic", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
         "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:us-east-1:111111111111:orders-*"}}},
        {"Sid": "EventsRule", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
         "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"ArnEquals": {"aws:SourceArn": "arn:aws:events:us-east-1:111111111111:rule/orders"}}},
        {"Sid": "Window", "Effect": "Allow", "Principal": {"AWS": "777777777777"},
         "Action": "sqs:*Message*", "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"},
                       "NumericLessThan": {"sqs:MaxMessages": "10"}}},
        {"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "sqs:ChangeMessageVisibility",
         "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}},
        {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "222222222222"},
         "Action": ["sqs:SendMessage", "sqs:SendMessageBatch"],
         "Resource": "arn:aws:sqs:us-east-1:111111111111:orders",
         "Condition": {"StringEquals": {"aws:SourceAccount": "222222222222"},
                       "IpAddress": {"aws:SourceIp": "10.20.0.0/16"},
                       "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::222222222222:*"}}}
       ]}
      """;

  /** Which request is evaluated. */
  @Param({"allowLast", "notApplicable", "denyFirst"})
  public String scenario;

  private Policy policy;
  private Request request;

  /** Parses the policy once and builds the request of the scenario. */
  @Setup(Level.Trial)
  public void setUp() {
    policy = PolicyDocument.parse(TEN_STATEMENTS);
    Principal partner = Principal.ofArn("arn:aws:iam::222222222222:user/sender");
    ConditionContext.Builder context =
        ConditionContext.builder()
            .put("aws:SecureTransport", "true")
            .put("aws:ViaAWSService", "false")
            .put("aws:SourceIp", "10.20.3.4")
            .put("aws:PrincipalAccount", "222222222222")
            .put("aws:SourceAccount", "222222222222")
            .put("aws:PrincipalArn", partner.arn())
            .put("aws:CurrentTime", "2026-12-01T12:00:00Z")
            .put("aws:TagKeys", List.of("team", "cost-center"));
    Decision expected;
    switch (scenario) {
      case "allowLast" -> expected = Decision.ALLOW;
      case "notApplicable" -> {
        context.put("aws:SourceIp", "10.99.3.4");
        expected = Decision.NOT_APPLICABLE;
      }
      default -> {
        context.put("aws:SecureTransport", "false");
        expected = Decision.DENY;
      }
    }
    request =
        new Request(
            partner,
            "sqs:SendMessage",
            "arn:aws:sqs:us-east-1:111111111111:orders",
            context.build());
    Decision actual = policy.evaluate(request);
    if (actual != expected) {
      throw new IllegalStateException(scenario + " evaluated to " + actual + ", not " + expected);
    }
  }

  /** One evaluation. */
  @Benchmark
  public Decision evaluate() {
    return policy.evaluate(request);
  }
}
