package dev.docket.events;

/** A rule's {@code State}, as EventBridge spells it. */
public enum RuleState {
  /** The rule matches events. */
  ENABLED,
  /** The rule matches nothing until enabled again. */
  DISABLED,
  /** Enabled, and also receives CloudTrail management events (Docket has none). */
  ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS;

  /** Whether a rule in this state matches events. */
  public boolean enabled() {
    return this != DISABLED;
  }
}
