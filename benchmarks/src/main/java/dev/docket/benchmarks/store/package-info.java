/**
 * JMH benchmarks of the durable store on its own, below the wire and the services: durable sends
 * and receive-plus-delete cycles against {@link dev.docket.store.sqlite.SqliteStore}. They report
 * numbers and never gate a build.
 */
package dev.docket.benchmarks.store;
