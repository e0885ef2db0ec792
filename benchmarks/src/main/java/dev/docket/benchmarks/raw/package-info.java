/**
 * A load generator that costs the client little: raw HTTP/1.1 keep-alive connections with
 * pre-encoded request bodies (auth is off on loopback, so nothing is signed), closed loop or open
 * loop at a fixed arrival rate (latency measured from each request's intended start, so without
 * coordinated omission), HdrHistogram percentiles, and the server's CPU time per operation read
 * from the server process over the measured window. Scenarios: SQS send, receive + delete, mixed
 * (with sent → received latency), FIFO, EventBridge PutEvents through rules to queues (with publish
 * → queue-visible latency), and Step Functions executions of ten Pass states and a Choice
 * (Standard, observed by listing, and synchronous Express).
 */
package dev.docket.benchmarks.raw;
