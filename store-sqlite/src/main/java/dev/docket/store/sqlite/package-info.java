/**
 * The embedded SQLite store: one database file per data directory, WAL journal with {@code
 * synchronous=FULL}, a single writer thread that commits concurrent writes together (group commit),
 * a small pool of read-only connections, and versioned schema migrations applied at open. The only
 * public types are {@link dev.docket.store.sqlite.SqliteStore} and its configuration.
 */
package dev.docket.store.sqlite;
