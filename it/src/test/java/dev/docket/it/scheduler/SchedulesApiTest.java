package dev.docket.it.scheduler;

import static dev.docket.it.scheduler.SchedulerIt.OFF;
import static dev.docket.it.scheduler.SchedulerIt.ROLE;
import static dev.docket.it.scheduler.SchedulerIt.failure;
import static dev.docket.it.scheduler.SchedulerIt.groupArn;
import static dev.docket.it.scheduler.SchedulerIt.scheduleArn;
import static dev.docket.it.scheduler.SchedulerIt.target;
import static dev.docket.it.scheduler.SchedulerIt.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.it.scheduler.SchedulerIt.Failure;
import dev.docket.testing.DocketExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;
import software.amazon.awssdk.services.scheduler.model.ScheduleGroupState;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Tag;
import software.amazon.awssdk.services.scheduler.model.Target;

/** Schedules, schedule groups and tags through the SDK, with AWS's errors. */
class SchedulesApiTest {

  @RegisterExtension static DocketExtension docket = DocketExtension.create();

  private static final String QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:some-queue";
  private static SchedulerClient scheduler;

  @BeforeAll
  static void client() {
    scheduler = SchedulerIt.client(docket.endpoint());
  }

  @AfterAll
  static void close() {
    scheduler.close();
  }

  private static String create(String name, Consumer<CreateScheduleRequest.Builder> more) {
    return scheduler
        .createSchedule(
            b -> {
              b.name(name)
                  .scheduleExpression("rate(5 minutes)")
                  .flexibleTimeWindow(OFF)
                  .target(target(QUEUE_ARN, "{\"n\":1}"));
              more.accept(b);
            })
        .scheduleArn();
  }

  @Test
  void aScheduleIsCreatedReadUpdatedAndDeleted() {
    String name = uniqueName("crud");
    Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);

    String arn =
        create(
            name,
            b ->
                b.description("every five minutes")
                    .scheduleExpressionTimezone("Europe/Berlin")
                    .startDate(start)
                    .flexibleTimeWindow(
                        FlexibleTimeWindow.builder()
                            .mode(FlexibleTimeWindowMode.FLEXIBLE)
                            .maximumWindowInMinutes(10)
                            .build()));

    assertThat(arn).isEqualTo(scheduleArn("default", name));
    GetScheduleResponse got = scheduler.getSchedule(b -> b.name(name));
    assertThat(got.arn()).isEqualTo(arn);
    assertThat(got.name()).isEqualTo(name);
    assertThat(got.groupName()).isEqualTo("default");
    assertThat(got.description()).isEqualTo("every five minutes");
    assertThat(got.scheduleExpression()).isEqualTo("rate(5 minutes)");
    assertThat(got.scheduleExpressionTimezone()).isEqualTo("Europe/Berlin");
    assertThat(got.startDate()).isEqualTo(start);
    assertThat(got.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.FLEXIBLE);
    assertThat(got.flexibleTimeWindow().maximumWindowInMinutes()).isEqualTo(10);
    assertThat(got.state()).isEqualTo(ScheduleState.ENABLED);
    assertThat(got.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.NONE);
    assertThat(got.target().arn()).isEqualTo(QUEUE_ARN);
    assertThat(got.target().input()).isEqualTo("{\"n\":1}");
    assertThat(got.target().retryPolicy().maximumEventAgeInSeconds()).isEqualTo(86400);
    assertThat(got.target().retryPolicy().maximumRetryAttempts()).isEqualTo(185);
    assertThat(got.creationDate()).isNotNull();

    String updated =
        scheduler
            .updateSchedule(
                b ->
                    b.name(name)
                        .scheduleExpression("cron(0 12 * * ? *)")
                        .flexibleTimeWindow(OFF)
                        .state(ScheduleState.DISABLED)
                        .target(target(QUEUE_ARN, "{\"n\":2}")))
            .scheduleArn();

    assertThat(updated).isEqualTo(arn);
    GetScheduleResponse after = scheduler.getSchedule(b -> b.name(name));
    assertThat(after.scheduleExpression()).isEqualTo("cron(0 12 * * ? *)");
    assertThat(after.scheduleExpressionTimezone())
        .as("an update resets what it omits")
        .isEqualTo("UTC");
    assertThat(after.description()).isNull();
    assertThat(after.state()).isEqualTo(ScheduleState.DISABLED);
    assertThat(after.creationDate()).isEqualTo(got.creationDate());

    scheduler.deleteSchedule(b -> b.name(name));

    Failure gone = failure(() -> scheduler.getSchedule(b -> b.name(name)));
    assertThat(gone)
        .isEqualTo(
            new Failure(404, "ResourceNotFoundException", "Schedule " + name + " does not exist."));
  }

  @Test
  void aSecondScheduleOfTheSameNameConflicts() {
    String name = uniqueName("twice");
    create(name, b -> {});

    Failure conflict = failure(() -> create(name, b -> {}));

    assertThat(conflict)
        .isEqualTo(new Failure(409, "ConflictException", "Schedule " + name + " already exists."));
  }

  @Test
  void theSameClientTokenAnswersAsTheFirstCreateDid() {
    String name = uniqueName("idempotent");
    String first = create(name, b -> b.clientToken("token-1"));

    String again = create(name, b -> b.clientToken("token-1"));

    assertThat(again).isEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 1 * * * *)",
        "cron(7 20 * * NOT *)",
        "cron(INVALID)",
        "cron(0 dummy ? * MON-FRI *)",
        "cron(71 8 1 * ? *)",
        "cron()",
        "rate(10 seconds)",
        "rate(10 years)",
        "rate()",
        "rate(10)",
        "rate(10 minutess)",
        "rate(foo minutes)",
        "rate(-10 minutes)",
        "rate( 10 minutes )",
        " rate(10 minutes)",
        "at(2021-12-31T23:59:59Z)",
        "at(2021-12-31)"
      })
  void anInvalidExpressionIsRefusedAsAwsRecorded(String expression) {
    Failure failure =
        failure(() -> create(uniqueName("bad"), b -> b.scheduleExpression(expression)));

    assertThat(failure)
        .isEqualTo(
            new Failure(
                400, "ValidationException", "Invalid Schedule Expression " + expression + "."));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)",
        "cron(30-30 13-13 ? * 2,4,6 *)",
        "cron(1-31/30 1-1 ? * 1,7 *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(*/15 * * * ? *)",
        "cron(0-59/10 0-23/2 ? * * *)",
        "at(2030-01-01T00:00:00)",
        "rate(1 minute)"
      })
  void aValidExpressionIsAcceptedAsAwsRecorded(String expression) {
    String name = uniqueName("good");

    String arn =
        create(
            name,
            b ->
                b.scheduleExpression(expression)
                    .target(
                        Target.builder()
                            .arn("arn:aws:lambda:us-east-1:000000000000:function:dummy")
                            .roleArn(ROLE)
                            .build()));

    assertThat(arn).isEqualTo(scheduleArn("default", name));
  }

  @Test
  void checksBeyondTheModelAnswerValidationException() {
    List<Consumer<CreateScheduleRequest.Builder>> bad =
        List.of(
            b -> b.scheduleExpressionTimezone("Mars/Olympus"),
            b ->
                b.flexibleTimeWindow(
                    FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.FLEXIBLE).build()),
            b ->
                b.flexibleTimeWindow(
                    FlexibleTimeWindow.builder()
                        .mode(FlexibleTimeWindowMode.FLEXIBLE)
                        .maximumWindowInMinutes(1441)
                        .build()),
            b ->
                b.flexibleTimeWindow(
                    FlexibleTimeWindow.builder()
                        .mode(FlexibleTimeWindowMode.OFF)
                        .maximumWindowInMinutes(5)
                        .build()),
            b ->
                b.target(
                    Target.builder()
                        .arn(QUEUE_ARN)
                        .roleArn(ROLE)
                        .retryPolicy(r -> r.maximumRetryAttempts(186))
                        .build()),
            b ->
                b.target(
                    Target.builder()
                        .arn(QUEUE_ARN)
                        .roleArn(ROLE)
                        .retryPolicy(r -> r.maximumEventAgeInSeconds(59))
                        .build()),
            b ->
                b.target(
                    Target.builder()
                        .arn(QUEUE_ARN)
                        .roleArn(ROLE)
                        .deadLetterConfig(d -> d.arn("arn:aws:sns:us-east-1:000000000000:t"))
                        .build()),
            b -> b.target(Target.builder().arn(QUEUE_ARN).build()),
            b ->
                b.target(
                    Target.builder()
                        .arn("arn:aws:ecs:us-east-1:000000000000:cluster/c")
                        .roleArn(ROLE)
                        .ecsParameters(
                            e ->
                                e.taskDefinitionArn(
                                    "arn:aws:ecs:us-east-1:000000000000:task-definition/t"))
                        .build()),
            b ->
                b.target(
                    Target.builder()
                        .arn("arn:aws:scheduler:::aws-sdk:sqs:sendMessage")
                        .roleArn(ROLE)
                        .input("{}")
                        .build()),
            b ->
                b.endDate(Instant.now().plusSeconds(60)).startDate(Instant.now().plusSeconds(120)));

    for (Consumer<CreateScheduleRequest.Builder> change : bad) {
      Failure failure = failure(() -> create(uniqueName("invalid"), change));
      assertThat(failure.status()).as(failure.message()).isEqualTo(400);
      assertThat(failure.code()).as(failure.message()).isEqualTo("ValidationException");
    }
  }

  @Test
  void aRecurringStartDateMoreThanFiveMinutesAgoIsRefusedWithAwsMessage() {
    Failure failure =
        failure(
            () ->
                create(
                    uniqueName("late"),
                    b -> b.startDate(Instant.now().minus(Duration.ofMinutes(10)))));

    assertThat(failure.message())
        .isEqualTo("The StartDate you specify cannot be earlier than 5 minutes ago.");
  }

  @Test
  void aScheduleInAMissingGroupIsNotFound() {
    Failure failure =
        failure(() -> create(uniqueName("orphan"), b -> b.groupName("no-such-group")));

    assertThat(failure)
        .isEqualTo(
            new Failure(
                404, "ResourceNotFoundException", "Schedule group no-such-group does not exist."));
  }

  @Test
  void updatingOrDeletingAMissingScheduleIsNotFound() {
    Failure update =
        failure(
            () ->
                scheduler.updateSchedule(
                    b ->
                        b.name("missing")
                            .scheduleExpression("rate(1 hour)")
                            .flexibleTimeWindow(OFF)
                            .target(target(QUEUE_ARN, "{}"))));
    Failure delete = failure(() -> scheduler.deleteSchedule(b -> b.name("missing")));

    assertThat(update.code()).isEqualTo("ResourceNotFoundException");
    assertThat(delete)
        .isEqualTo(
            new Failure(404, "ResourceNotFoundException", "Schedule missing does not exist."));
  }

  @Test
  void groupsAreCreatedListedAndDeletedWithTheirSchedules() {
    String group = uniqueName("group");

    String arn = scheduler.createScheduleGroup(b -> b.name(group)).scheduleGroupArn();
    create("in-group", b -> b.groupName(group));

    assertThat(arn).isEqualTo(groupArn(group));
    var got = scheduler.getScheduleGroup(b -> b.name(group));
    assertThat(got.arn()).isEqualTo(arn);
    assertThat(got.state()).isEqualTo(ScheduleGroupState.ACTIVE);
    assertThat(got.creationDate()).isNotNull();
    assertThat(scheduler.getSchedule(b -> b.name("in-group").groupName(group)).arn())
        .isEqualTo(scheduleArn(group, "in-group"));
    assertThat(scheduler.listScheduleGroups(b -> {}).scheduleGroups())
        .extracting(g -> g.name())
        .contains("default", group);
    assertThat(failure(() -> scheduler.createScheduleGroup(b -> b.name(group))))
        .isEqualTo(
            new Failure(409, "ConflictException", "Schedule group " + group + " already exists."));

    scheduler.deleteScheduleGroup(b -> b.name(group));

    assertThat(failure(() -> scheduler.getScheduleGroup(b -> b.name(group))).status())
        .isEqualTo(404);
    assertThat(
            failure(() -> scheduler.getSchedule(b -> b.name("in-group").groupName(group))).status())
        .isEqualTo(404);
    scheduler.createScheduleGroup(b -> b.name(group));
    assertThat(scheduler.listSchedules(b -> b.groupName(group)).schedules())
        .as("the group's schedules went with it")
        .isEmpty();
  }

  @Test
  void theDefaultGroupAlwaysExistsAndCannotBeDeleted() {
    var got = scheduler.getScheduleGroup(b -> b.name("default"));

    Failure failure = failure(() -> scheduler.deleteScheduleGroup(b -> b.name("default")));

    assertThat(got.arn()).isEqualTo(groupArn("default"));
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.code()).isEqualTo("ValidationException");
    assertThat(failure(() -> scheduler.deleteScheduleGroup(b -> b.name("never-made"))))
        .isEqualTo(
            new Failure(
                404, "ResourceNotFoundException", "Schedule group never-made does not exist."));
  }

  @Test
  void groupsAreTaggedUntaggedAndListed() {
    String group = uniqueName("tagged");
    String arn =
        scheduler
            .createScheduleGroup(
                b -> b.name(group).tags(Tag.builder().key("team").value("a").build()))
            .scheduleGroupArn();

    scheduler.tagResource(
        b -> b.resourceArn(arn).tags(Tag.builder().key("TagKey").value("TagValue").build()));
    assertThat(scheduler.listTagsForResource(b -> b.resourceArn(arn)).tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("team=a", "TagKey=TagValue");

    scheduler.untagResource(b -> b.resourceArn(arn).tagKeys("TagKey", "team"));
    assertThat(scheduler.listTagsForResource(b -> b.resourceArn(arn)).tags()).isEmpty();
  }

  @Test
  void schedulesAreNotTaggableAndMissingGroupsAreNotFound() {
    String name = uniqueName("untaggable");
    String arn = create(name, b -> {});

    Failure schedule =
        failure(
            () ->
                scheduler.tagResource(
                    b -> b.resourceArn(arn).tags(Tag.builder().key("k").value("v").build())));
    Failure missing =
        failure(() -> scheduler.listTagsForResource(b -> b.resourceArn(groupArn("nope"))));

    assertThat(schedule.code()).isEqualTo("ValidationException");
    assertThat(missing)
        .isEqualTo(
            new Failure(404, "ResourceNotFoundException", "Schedule group nope does not exist."));
  }

  @Test
  void listSchedulesFiltersByGroupPrefixAndStateAndPages() {
    String group = uniqueName("listing");
    scheduler.createScheduleGroup(b -> b.name(group));
    for (String name : List.of("a-1", "a-2", "a-3", "b-1")) {
      create(name, b -> b.groupName(group));
    }
    scheduler.updateSchedule(
        b ->
            b.name("a-2")
                .groupName(group)
                .scheduleExpression("rate(5 minutes)")
                .flexibleTimeWindow(OFF)
                .state(ScheduleState.DISABLED)
                .target(target(QUEUE_ARN, "{}")));

    assertThat(names(scheduler.listSchedules(b -> b.groupName(group))))
        .containsExactly("a-1", "a-2", "a-3", "b-1");
    assertThat(names(scheduler.listSchedules(b -> b.groupName(group).namePrefix("a-"))))
        .containsExactly("a-1", "a-2", "a-3");
    assertThat(
            names(scheduler.listSchedules(b -> b.groupName(group).state(ScheduleState.DISABLED))))
        .containsExactly("a-2");
    ListSchedulesResponse page = scheduler.listSchedules(b -> b.groupName(group).maxResults(3));
    assertThat(names(page)).containsExactly("a-1", "a-2", "a-3");
    assertThat(page.nextToken()).isNotNull();
    assertThat(
            names(
                scheduler.listSchedules(
                    b -> b.groupName(group).maxResults(3).nextToken(page.nextToken()))))
        .containsExactly("b-1");
    List<String> all = new ArrayList<>();
    scheduler
        .listSchedulesPaginator(b -> b.namePrefix("a-").maxResults(1))
        .schedules()
        .forEach(s -> all.add(s.groupName() + "/" + s.name()));
    assertThat(all).contains(group + "/a-1", group + "/a-2", group + "/a-3");
    ScheduleSummary summary =
        scheduler.listSchedules(b -> b.groupName(group)).schedules().getFirst();
    assertThat(summary.target().arn()).isEqualTo(QUEUE_ARN);
    assertThat(summary.arn()).isEqualTo(scheduleArn(group, "a-1"));
    assertThat(failure(() -> scheduler.listSchedules(b -> b.groupName("no-such"))).status())
        .isEqualTo(404);
    assertThat(failure(() -> scheduler.listSchedules(b -> b.maxResults(101))).code())
        .isEqualTo("ValidationException");
  }

  private static List<String> names(ListSchedulesResponse response) {
    return response.schedules().stream().map(ScheduleSummary::name).toList();
  }
}
