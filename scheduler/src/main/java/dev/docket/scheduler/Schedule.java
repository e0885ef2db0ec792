package dev.docket.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One schedule as stored: what CreateSchedule or UpdateSchedule was given, validated, with defaults
 * filled in as AWS reports them (time zone {@code UTC}, state {@code ENABLED}, action after
 * completion {@code NONE}, the target's retry policy 86,400 s and 185 attempts).
 *
 * @param name the schedule name
 * @param group the schedule group's name
 * @param arn the schedule ARN
 * @param account the owning account
 * @param region the region
 * @param description the description, if any
 * @param expression the schedule expression as given
 * @param timezone the IANA time zone the expression is evaluated in
 * @param startDate when recurrences may begin, if set
 * @param endDate when recurrences end, if set
 * @param windowMode {@code OFF} or {@code FLEXIBLE}
 * @param maximumWindowMinutes the flexible window's length, when {@code FLEXIBLE}
 * @param state {@code ENABLED} or {@code DISABLED}
 * @param actionAfterCompletion {@code NONE} or {@code DELETE}
 * @param kmsKeyArn the KMS key named, if any (kept and reported, not used)
 * @param target the {@code Target} structure as AWS's member names spell it
 * @param createdAt when it was created
 * @param lastModifiedAt when it was last created or updated
 * @param clientToken the client token of the last create or update, if any
 */
record Schedule(
    String name,
    String group,
    String arn,
    String account,
    String region,
    Optional<String> description,
    String expression,
    String timezone,
    Optional<Instant> startDate,
    Optional<Instant> endDate,
    String windowMode,
    Optional<Integer> maximumWindowMinutes,
    String state,
    String actionAfterCompletion,
    Optional<String> kmsKeyArn,
    ObjectNode target,
    Instant createdAt,
    Instant lastModifiedAt,
    Optional<String> clientToken) {

  /** Checks required components; the target is copied. */
  Schedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(state, "state");
    target = target.deepCopy();
  }

  boolean enabled() {
    return "ENABLED".equals(state);
  }

  /** The target's ARN. */
  String targetArn() {
    return target.path("Arn").asText();
  }

  /** The same schedule created at {@code createdAt} (an update keeps the creation time). */
  Schedule createdAt(Instant created) {
    return new Schedule(
        name,
        group,
        arn,
        account,
        region,
        description,
        expression,
        timezone,
        startDate,
        endDate,
        windowMode,
        maximumWindowMinutes,
        state,
        actionAfterCompletion,
        kmsKeyArn,
        target,
        created,
        lastModifiedAt,
        clientToken);
  }
}
