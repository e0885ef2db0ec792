/**
 * Transform: what a target receives of an event. {@link dev.docket.transform.TargetInput} is the
 * target's {@code Input}, {@code InputPath} or {@code InputTransformer}, validated as EventBridge
 * validates it at PutTargets and rendered per event with EventBridge's quoting rules. Event buses,
 * Pipes and Scheduler use it.
 */
package dev.docket.transform;
