/**
 * The scheduled-firing hot path in process, below the wire: a million durable timers in a {@link
 * dev.docket.store.sqlite.SqliteStore}, fired by {@link dev.docket.delivery.ScheduledFirings} into
 * a {@link dev.docket.delivery.DeliveryEngine} that hands them to a counting no-op target. Reports
 * load time, firings per second, lateness (delivery time minus due time) and process CPU time per
 * firing. Numbers only; never run in CI.
 */
package dev.docket.benchmarks.schedule;
