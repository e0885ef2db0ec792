/**
 * What the JDBC stores ({@code store-sqlite}, {@code store-postgresql}) share where their logic is
 * the same: {@link dev.docket.store.jdbc.Codec} (column conversions), {@link
 * dev.docket.store.jdbc.NameRange} (the name range a resource listing scans), {@link
 * dev.docket.store.jdbc.MigrationScripts} (finding, ordering, reading and splitting versioned
 * migration scripts), {@link dev.docket.store.jdbc.Rows} (mapping result rows to the SPI's records)
 * and {@link dev.docket.store.jdbc.FifoWalk} (the order a FIFO receive takes messages in). No SQL
 * dialect lives here; each store keeps its own statements and transactions. Not an SPI: only the
 * store modules use it.
 */
package dev.docket.store.jdbc;
