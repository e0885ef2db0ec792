/**
 * The store technology compatibility kit: abstract JUnit 5 suites, one per area of the storage SPI,
 * that every {@link dev.docket.store.Store} implementation extends with a factory for fresh, empty
 * stores. The suites prove what the SPI's javadoc promises; they drive time through {@code now}
 * arguments (the store has no clock) and never sleep; the notifier suite waits for notifications to
 * arrive, bounded only so a broken store fails rather than hangs.
 */
package dev.docket.store.tck;
