/**
 * The end-to-end SQS load generator ({@link dev.docket.benchmarks.sqs.SqsLoad}): bounded runs of
 * SendMessageBatch, ReceiveMessage and DeleteMessageBatch against a loopback endpoint, reported as
 * throughput plus HdrHistogram latency percentiles. Used by {@code benchmarks/run-sqs-vs-moto.sh}.
 */
package dev.docket.benchmarks.sqs;
