/**
 * Patterns: EventBridge event patterns over aws/event-ruler. {@link
 * dev.docket.patterns.EventPattern} parses and validates one pattern as EventBridge does
 * (event-ruler's grammar, whose messages are AWS's, plus EventBridge's limits from {@link
 * dev.docket.patterns.PatternLimits}; refusals are {@link
 * dev.docket.patterns.InvalidEventPatternException} with AWS's message, see {@link
 * dev.docket.patterns.PatternMessages}); {@link dev.docket.patterns.RuleMatcher} matches an already
 * parsed event once against many patterns, array-consistently; {@link
 * dev.docket.patterns.TestEvent} validates the event of TestEventPattern as AWS does. The only
 * package that touches aws/event-ruler; event buses, archives and Pipes filters use it.
 */
package dev.docket.patterns;
