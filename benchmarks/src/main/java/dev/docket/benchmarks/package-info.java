/**
 * JMH benchmarks of core modules that have no package of their own here: {@link
 * dev.docket.benchmarks.MatchingBenchmark} measures event-pattern matching through Docket's {@code
 * RuleMatcher} against raw event-ruler. They report numbers and never gate a build.
 */
package dev.docket.benchmarks;
