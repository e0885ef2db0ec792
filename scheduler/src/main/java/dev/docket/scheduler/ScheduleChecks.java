package dev.docket.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.docket.schedule.InvalidScheduleExpressionException;
import dev.docket.schedule.ScheduleExpression;
import dev.docket.schedule.ScheduleExpressions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What CreateSchedule and UpdateSchedule check beyond the model's constraints (which the wire layer
 * has already enforced: name patterns, lengths, the window's 1..1440 minutes, the retry policy's
 * 60..86,400 seconds and 0..185 attempts, the dead-letter ARN's SQS pattern), turning a valid input
 * into the {@link Schedule} to store. Messages are AWS's where marked, else Docket's own. Stateless
 * and thread-safe.
 */
final class ScheduleChecks {

  /** How far in the past a recurring schedule's StartDate may lie (AWS's rule). */
  static final Duration START_DATE_GRACE = Duration.ofMinutes(5);

  /** The retry policy AWS reports for a target that names none. */
  static final int DEFAULT_MAXIMUM_EVENT_AGE = 86_400;

  static final int DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;

  /** Target parameters of target kinds Docket does not serve, with the kind. */
  private static final List<String[]> UNSERVED_PARAMETERS =
      List.of(
          new String[] {"EcsParameters", "Amazon ECS tasks"},
          new String[] {"KinesisParameters", "Kinesis data streams"},
          new String[] {"SageMakerPipelineParameters", "SageMaker pipelines"});

  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

  private ScheduleChecks() {}

  /**
   * The schedule an input describes.
   *
   * @param input a validated CreateSchedule or UpdateSchedule input
   * @param group the group's name
   * @param account the owning account
   * @param region the region
   * @param now the request's time: creation (or modification) time, and what StartDate is checked
   *     against
   */
  static Schedule schedule(
      ObjectNode input, String group, String account, String region, Instant now) {
    String name = input.get("Name").asText();
    String text = input.get("ScheduleExpression").asText();
    ScheduleExpression expression = expression(text);
    String timezone = timezone(input.path("ScheduleExpressionTimezone").asText("UTC"));
    boolean recurring = !(expression instanceof ScheduleExpression.At);
    Optional<Instant> start = instant(input, "StartDate");
    Optional<Instant> end = instant(input, "EndDate");
    if (recurring && start.isPresent() && start.get().isBefore(now.minus(START_DATE_GRACE))) {
      // AWS's message
      throw Failures.validation("The StartDate you specify cannot be earlier than 5 minutes ago.");
    }
    if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
      // ours
      throw Failures.validation("The EndDate you specify must be later than the StartDate.");
    }
    JsonNode window = input.get("FlexibleTimeWindow");
    String mode = window.get("Mode").asText();
    Optional<Integer> maximum =
        window.hasNonNull("MaximumWindowInMinutes")
            ? Optional.of(window.get("MaximumWindowInMinutes").asInt())
            : Optional.empty();
    if ("FLEXIBLE".equals(mode) && maximum.isEmpty()) {
      // ours
      throw Failures.validation(
          "FlexibleTimeWindow.MaximumWindowInMinutes is required when Mode is FLEXIBLE.");
    }
    if ("OFF".equals(mode) && maximum.isPresent()) {
      // ours
      throw Failures.validation(
          "FlexibleTimeWindow.MaximumWindowInMinutes must not be set when Mode is OFF.");
    }
    ObjectNode target = target((ObjectNode) input.get("Target"));
    return new Schedule(
        name,
        group,
        Arns.schedule(region, account, group, name),
        account,
        region,
        text(input, "Description"),
        text,
        timezone,
        start,
        end,
        mode,
        maximum,
        input.path("State").asText("ENABLED"),
        input.path("ActionAfterCompletion").asText("NONE"),
        text(input, "KmsKeyArn"),
        target,
        now,
        now,
        text(input, "ClientToken"));
  }

  /** Parses a schedule expression, refusing it with AWS's message. */
  static ScheduleExpression expression(String text) {
    try {
      return ScheduleExpressions.parse(text);
    } catch (InvalidScheduleExpressionException e) {
      throw Failures.invalidExpression(text);
    }
  }

  private static String timezone(String zone) {
    if (!ZONES.contains(zone) && !"UTC".equals(zone)) {
      // ours
      throw Failures.validation(
          "Invalid ScheduleExpressionTimezone "
              + zone
              + ": it must be an IANA time zone such as America/New_York.");
    }
    return zone;
  }

  /** Checks the target and fills in the retry policy AWS reports by default. */
  static ObjectNode target(ObjectNode given) {
    ObjectNode target = given.deepCopy();
    String arn = target.get("Arn").asText();
    if (arn.startsWith("arn:aws:scheduler:::")) {
      // ours: universal targets call an AWS API by name; Docket serves the resources directly
      throw Failures.validation(
          "Docket does not support universal targets ("
              + arn
              + "): use the ARN of an SQS queue, an EventBridge event bus or a Step Functions state"
              + " machine as the target.");
    }
    for (String[] unserved : UNSERVED_PARAMETERS) {
      if (target.has(unserved[0])) {
        // ours
        throw Failures.validation(
            "Docket does not serve "
                + unserved[1]
                + " as schedule targets: Target."
                + unserved[0]
                + " is not supported.");
      }
    }
    ObjectNode retry =
        target.has("RetryPolicy")
            ? (ObjectNode) target.get("RetryPolicy")
            : target.putObject("RetryPolicy");
    if (!retry.has("MaximumEventAgeInSeconds")) {
      retry.put("MaximumEventAgeInSeconds", DEFAULT_MAXIMUM_EVENT_AGE);
    }
    if (!retry.has("MaximumRetryAttempts")) {
      retry.put("MaximumRetryAttempts", DEFAULT_MAXIMUM_RETRY_ATTEMPTS);
    }
    return target;
  }

  private static Optional<String> text(JsonNode input, String field) {
    JsonNode value = input.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  /** A timestamp member (epoch seconds, possibly fractional) to millisecond precision. */
  static Optional<Instant> instant(JsonNode input, String field) {
    JsonNode value = input.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    BigDecimal seconds = value.decimalValue();
    return Optional.of(Instant.ofEpochMilli(seconds.movePointRight(3).longValue()));
  }
}
