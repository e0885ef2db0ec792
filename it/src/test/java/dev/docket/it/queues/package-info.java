/**
 * Black-box tests of the SQS API: the AWS SDK for Java v2 against an in-process Docket, covering
 * every operation, SQS's error codes, FIFO ordering and deduplication, dead-letter redrive and long
 * polling.
 */
package dev.docket.it.queues;
