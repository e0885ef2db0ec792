/**
 * Delivery: the target SPI ({@link dev.docket.delivery.Target}, {@link
 * dev.docket.delivery.TargetProvider}, {@link dev.docket.delivery.Outcome}) through which services
 * reach each other's resources, and the {@link dev.docket.delivery.DeliveryEngine} that invokes
 * targets with bounded concurrency, retries with backoff, parks attempts durably between tries and
 * hands exhausted or refused deliveries to a dead-letter queue. Event buses, Scheduler, Pipes and
 * state-machine integrations all deliver through it.
 */
package dev.docket.delivery;
