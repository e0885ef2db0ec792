/**
 * Queues: the Amazon SQS API over the store SPI. {@link dev.docket.queues.QueueService} serves
 * every SQS operation on validated input nodes; beside it live the pieces that are SQS's own rules:
 * queue attribute validation, message attribute encoding and digests, receipt handles, long-poll
 * wake-ups and the message move tasks that redrive dead-letter queues. Nothing here knows HTTP or a
 * concrete store.
 */
package dev.docket.queues;
