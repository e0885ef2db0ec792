/**
 * Schedules: the Amazon EventBridge Scheduler API ({@link dev.docket.scheduler.SchedulerService},
 * restJson1) over the store SPI. Schedules and schedule groups are versioned documents of the
 * store's {@link dev.docket.store.ResourceStore}; each enabled schedule has one durable timer due
 * at its next occurrence, and a firing hands the schedule's target its input through the delivery
 * SPI (queues, event buses, state machines), with the target's retry policy and dead-letter queue.
 */
package dev.docket.scheduler;
