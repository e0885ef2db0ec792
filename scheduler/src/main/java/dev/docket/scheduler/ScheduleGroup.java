package dev.docket.scheduler;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One schedule group as stored. Its state is always {@code ACTIVE}: Docket deletes a group and its
 * schedules in one request, so a group is never seen {@code DELETING}.
 *
 * @param name the group name
 * @param arn the group ARN
 * @param createdAt when it was created
 * @param lastModifiedAt when its tags last changed
 * @param tags its tags, in insertion order
 * @param clientToken the client token of its creation, if any
 */
record ScheduleGroup(
    String name,
    String arn,
    Instant createdAt,
    Instant lastModifiedAt,
    Map<String, String> tags,
    Optional<String> clientToken) {

  /** Checks required components and copies the tags. */
  ScheduleGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** The same group with other tags, modified at {@code now}. */
  ScheduleGroup withTags(Map<String, String> newTags, Instant now) {
    return new ScheduleGroup(name, arn, createdAt, now, newTags, clientToken);
  }
}
