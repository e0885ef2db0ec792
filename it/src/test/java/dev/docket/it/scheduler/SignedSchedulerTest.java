package dev.docket.it.scheduler;

import static dev.docket.it.scheduler.SchedulerIt.OFF;
import static dev.docket.it.scheduler.SchedulerIt.failure;
import static dev.docket.it.scheduler.SchedulerIt.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.testing.DocketExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.Tag;

/**
 * restJson1 with SigV4 on: labels with encoded slashes and colons (an ARN in the path), query
 * strings and bodies verify, the account comes from the access key, and a wrong secret is refused.
 */
class SignedSchedulerTest {

  private static final String ACCOUNT = "111122223333";

  @RegisterExtension
  static DocketExtension docket =
      DocketExtension.builder().accessKey("AKIDSCHEDULER", "scheduler-secret", ACCOUNT).build();

  private static SchedulerClient client(String secret) {
    return SchedulerClient.builder()
        .endpointOverride(docket.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSCHEDULER", secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @Test
  void signedRequestsWithArnsInThePathAndQueryStringsVerify() {
    try (SchedulerClient scheduler = client("scheduler-secret")) {
      String arn = scheduler.createScheduleGroup(b -> b.name("signed")).scheduleGroupArn();
      scheduler.tagResource(
          b -> b.resourceArn(arn).tags(Tag.builder().key("k").value("v").build()));
      scheduler.createSchedule(
          b ->
              b.name("signed-schedule")
                  .groupName("signed")
                  .scheduleExpression("rate(1 hour)")
                  .flexibleTimeWindow(OFF)
                  .target(target("arn:aws:sqs:us-east-1:" + ACCOUNT + ":q", "{}")));

      assertThat(arn)
          .isEqualTo("arn:aws:scheduler:us-east-1:" + ACCOUNT + ":schedule-group/signed");
      assertThat(scheduler.listTagsForResource(b -> b.resourceArn(arn)).tags()).hasSize(1);
      assertThat(
              scheduler.listSchedules(b -> b.groupName("signed").namePrefix("signed-")).schedules())
          .hasSize(1);
      scheduler.untagResource(b -> b.resourceArn(arn).tagKeys("k"));
      scheduler.deleteSchedule(b -> b.name("signed-schedule").groupName("signed"));
    }
  }

  @Test
  void aWrongSecretIsRefused() {
    try (SchedulerClient scheduler = client("not-the-secret")) {
      SchedulerIt.Failure failure = failure(() -> scheduler.listScheduleGroups(b -> {}));

      assertThat(failure.status()).isEqualTo(403);
      assertThat(failure.code()).isEqualTo("SignatureDoesNotMatch");
    }
  }
}
