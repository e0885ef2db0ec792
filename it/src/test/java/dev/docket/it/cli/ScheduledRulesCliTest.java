package dev.docket.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.it.cli.AwsCli.Result;
import dev.docket.testing.DocketExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** Scheduled rules as a CLI user makes them, on a manual clock. Skipped without {@code aws}. */
class ScheduledRulesCliTest {

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder().manualClock(Instant.parse("2026-12-01T08:59:10Z")).build();

  @TempDir Path workDir;

  @BeforeAll
  static void requireAwsCli() {
    assumeTrue(AwsCli.onPath("aws"), "the aws CLI is not on the PATH");
  }

  @Test
  void aWeekdayCronRuleMadeWithTheCliFiresAtNine() throws Exception {
    AwsCli cli = new AwsCli(workDir);
    String url = docket.sqs().createQueue(b -> b.queueName("nine")).queueUrl();
    String arn = "arn:aws:sqs:us-east-1:000000000000:nine";

    Result rule =
        cli.aws(
            docket.endpoint(),
            "events",
            "put-rule",
            "--name",
            "at-nine",
            "--schedule-expression",
            "cron(0 9 ? * MON-FRI *)");
    assertThat(rule.exitCode()).as(rule.output()).isZero();
    assertThat(new ObjectMapper().readTree(rule.output()).get("RuleArn").asText())
        .isEqualTo("arn:aws:events:us-east-1:000000000000:rule/at-nine");
    Result targets =
        cli.aws(
            docket.endpoint(),
            "events",
            "put-targets",
            "--rule",
            "at-nine",
            "--targets",
            "Id=q,Arn=" + arn);
    assertThat(targets.exitCode()).as(targets.output()).isZero();

    docket.advance(Duration.ofSeconds(50)); // 2026-12-01 is a Tuesday; 09:00:00 UTC

    JsonNode event = new ObjectMapper().readTree(awaitOne(url).body());
    assertThat(event.get("detail-type").asText()).isEqualTo("Scheduled Event");
    assertThat(event.get("time").asText()).isEqualTo("2026-12-01T09:00:00Z");
  }

  @Test
  void aBadExpressionReachesTheCliUserAsAwsWordsIt() throws Exception {
    Result result =
        new AwsCli(workDir)
            .aws(
                docket.endpoint(),
                "events",
                "put-rule",
                "--name",
                "bad",
                "--schedule-expression",
                "cron(0 9 * * * *)");

    assertThat(result.exitCode()).as(result.output()).isIn(254, 255);
    assertThat(result.output())
        .contains("(ValidationException)", "Parameter ScheduleExpression is not valid.");
  }

  private static Message awaitOne(String url) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<Message> messages =
          docket.sqs().receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(0)).messages();
      if (!messages.isEmpty()) {
        return messages.getFirst();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no message on " + url);
  }
}
