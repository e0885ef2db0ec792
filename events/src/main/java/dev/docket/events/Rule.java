package dev.docket.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule with its targets, as stored: one {@code events.rule} resource document (a rule and its
 * targets are one aggregate, so PutTargets is a read-modify-write of the rule).
 *
 * @param name the rule name, unique per bus
 * @param arn the rule ARN ({@link Arns#rule})
 * @param busName the name of the bus the rule belongs to
 * @param busArn the ARN of that bus
 * @param eventPattern the pattern's JSON text as given (already validated); empty for a scheduled
 *     rule
 * @param scheduleExpression the schedule; empty for a pattern rule
 * @param state whether the rule matches events
 * @param description the description; empty when none
 * @param roleArn the role named at PutRule; empty when none
 * @param managedBy the service managing the rule; empty for rules users create
 * @param createdBy the account that created the rule
 * @param createdAt when the rule was first put
 * @param tags the rule's tags in the order they were first set
 * @param targets the rule's targets in the order they were first put (at most 5)
 */
public record Rule(
    String name,
    String arn,
    String busName,
    String busArn,
    Optional<String> eventPattern,
    Optional<String> scheduleExpression,
    RuleState state,
    Optional<String> description,
    Optional<String> roleArn,
    Optional<String> managedBy,
    String createdBy,
    Instant createdAt,
    Map<String, String> tags,
    List<RuleTarget> targets) {

  /** AWS's quota of targets per rule. */
  public static final int MAX_TARGETS = 5;

  /** Checks required components and copies the tags and targets. */
  public Rule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(busName, "busName");
    Objects.requireNonNull(busArn, "busArn");
    Objects.requireNonNull(eventPattern, "eventPattern");
    Objects.requireNonNull(scheduleExpression, "scheduleExpression");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(managedBy, "managedBy");
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    targets = List.copyOf(targets);
  }

  /** Whether the rule matches events (its state is not {@code DISABLED}). */
  public boolean enabled() {
    return state.enabled();
  }

  /** The target with id {@code id}, if the rule has one. */
  public Optional<RuleTarget> target(String id) {
    return targets.stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** This rule with other targets. */
  public Rule withTargets(List<RuleTarget> newTargets) {
    return new Rule(
        name,
        arn,
        busName,
        busArn,
        eventPattern,
        scheduleExpression,
        state,
        description,
        roleArn,
        managedBy,
        createdBy,
        createdAt,
        tags,
        newTargets);
  }

  /** This rule in another state. */
  public Rule withState(RuleState newState) {
    return new Rule(
        name,
        arn,
        busName,
        busArn,
        eventPattern,
        scheduleExpression,
        newState,
        description,
        roleArn,
        managedBy,
        createdBy,
        createdAt,
        tags,
        targets);
  }

  /** This rule with other tags. */
  public Rule withTags(Map<String, String> newTags) {
    return new Rule(
        name,
        arn,
        busName,
        busArn,
        eventPattern,
        scheduleExpression,
        state,
        description,
        roleArn,
        managedBy,
        createdBy,
        createdAt,
        newTags,
        targets);
  }
}
