package dev.docket.events;

import dev.docket.model.Principal;
import dev.docket.model.RequestContext;
import dev.docket.policy.Authorization;
import dev.docket.policy.ConditionContext;
import dev.docket.policy.RequestKeys;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a bus policy adds to PutEvents, per entry: a request of ten entries builds the request's
 * global condition keys once ({@code RequestKeys.of}) and decides each entry with {@code
 * BusPolicies.putEvents} against a ten-statement gatekeeper policy (one Deny on {@code
 * events:source}, nine Allows for other accounts, each on one source and detail-type: the policy
 * {@code run-raw.sh --bus-policy 10} gives the bus). Scenarios: {@code owner} (the bus's account,
 * so only the Deny is asked), {@code admitted} (another account the last Allow admits) and {@code
 * refused} (a third account: every statement read). {@code open} is the path of a bus without a
 * policy, for comparison. It lives in {@code dev.docket.events} to reach the package-private
 * decision. Scores are nanoseconds per entry.
 *
 * <p>Run as {@code PolicyBenchmark} is run, with {@code BusPolicyBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BusPolicyBenchmark {

  private static final String BUS = "arn:aws:events:us-east-1:111111111111:event-bus/orders";
  private static final int ENTRIES = 10;

  /** Who puts. */
  @Param({"open", "owner", "admitted", "refused"})
  public String scenario;

  private BusPolicies.Snapshot bus;
  private RequestContext context;
  private String source;
  private Authorization expected;

  /** Compiles the policy once and picks the caller of the scenario. */
  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder policy =
        new StringBuilder(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"deny-tests\",\"Effect\":\"Deny\","
                + "\"Principal\":\"*\",\"Action\":\"events:PutEvents\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringLike\":{\"events:source\":\"test.*\"}}}");
    for (int i = 1; i < 10; i++) {
      policy.append(
          ",{\"Sid\":\"team-%d\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::%d:root\"},\"Action\":\"events:PutEvents\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"events:source\":\"team%d.checkout\",\"events:detail-type\":\"OrderPlaced\"}}}"
              .formatted(i, 200000000000L + i, i));
    }
    policy.append("]}");
    String account =
        switch (scenario) {
          case "open", "owner" -> "111111111111";
          case "admitted" -> "200000000009";
          default -> "333333333333";
        };
    bus =
        new BusPolicies.Snapshot(
            BUS,
            "111111111111",
            scenario.equals("open")
                ? Optional.empty()
                : Optional.of(BusPolicies.parse(policy.toString())));
    context =
        new RequestContext(
            "req",
            Principal.root(account),
            "us-east-1",
            "http://localhost",
            Instant.parse("2026-12-01T12:00:00Z"),
            Optional.empty(),
            Optional.empty(),
            false);
    source = scenario.equals("admitted") ? "team9.checkout" : "shop.checkout";
    expected =
        switch (scenario) {
          case "open", "owner" -> Authorization.ALLOWED_SAME_ACCOUNT;
          case "admitted" -> Authorization.ALLOWED_BY_POLICY;
          default -> Authorization.DENIED_IMPLICITLY;
        };
    if (!scenario.equals("open") && decideTen() != expected) {
      throw new IllegalStateException(scenario + " was not decided " + expected);
    }
  }

  /** One request of ten entries, as {@code PutEvents} decides them. */
  @Benchmark
  @OperationsPerInvocation(ENTRIES)
  public Authorization request() {
    if (BusPolicies.open(bus, context.principal())) {
      return expected; // ten lookups that need nothing more
    }
    return decideTen();
  }

  private Authorization decideTen() {
    ConditionContext.Builder keys = RequestKeys.of(context);
    Authorization last = null;
    for (int i = 0; i < ENTRIES; i++) {
      last = BusPolicies.putEvents(bus, context.principal(), keys, source, "OrderPlaced");
    }
    return last;
  }
}
