/**
 * Event buses: the Amazon EventBridge API ({@link dev.docket.events.EventsService}) over the store
 * SPI: buses, rules and targets, connections and API destinations, storage-first PutEvents, a
 * router per bus that matches each event once against the bus's rules and hands deliveries to the
 * delivery engine, and the bus and API-destination targets this service provides.
 */
package dev.docket.events;
