/**
 * The storage SPI: everything a service may ask of durable storage, as plain records and
 * interfaces. Every write method returns only after its effect is durable (committed and fsync'd),
 * so a service may acknowledge a client as soon as the call returns. Implementations ({@code
 * SqliteStore}, {@code PostgresStore}) live in their own modules and must pass the store TCK
 * ({@code docket-store-tck}); services never import them.
 */
package dev.docket.store;
