/**
 * JMH benchmarks of the wire layer on its own, above no real service: decoding, validating and
 * encoding SQS requests in the awsJson and awsQuery protocols, in process through the public pieces
 * and over loopback HTTP through {@link dev.docket.http.WireServer} with a no-op service. They
 * report numbers and never gate a build.
 */
package dev.docket.benchmarks.wire;
