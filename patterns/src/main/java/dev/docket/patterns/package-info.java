/**
 * Patterns: EventBridge event patterns. {@link dev.docket.patterns.EventPattern} parses and
 * validates one pattern as EventBridge does (its limits and its {@code
 * InvalidEventPatternException} messages); {@link dev.docket.patterns.RuleMatcher} matches an event
 * once against many patterns. The only package that touches aws/event-ruler; event buses, archives
 * and Pipes filters use it.
 */
package dev.docket.patterns;
