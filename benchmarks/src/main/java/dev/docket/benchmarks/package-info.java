/**
 * Benchmarks of core modules that have no package of their own here: {@link
 * dev.docket.benchmarks.MatchingBenchmark} (JMH) measures event-pattern matching through Docket's
 * {@code RuleMatcher} against raw event-ruler, and {@link
 * dev.docket.benchmarks.MatchingAlternation} measures the same ratio by alternation, which a shared
 * machine's drifting load does not skew. They report numbers and never gate a build.
 */
package dev.docket.benchmarks;
