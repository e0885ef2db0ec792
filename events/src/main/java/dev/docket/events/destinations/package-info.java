/**
 * EventBridge connections and API destinations: the eleven operations that manage them ({@link
 * dev.docket.events.destinations.ApiDestinations}, stored as documents in the resource store), and
 * the API-destination target ({@link dev.docket.events.destinations.ApiDestinationTargets}) that
 * calls an HTTP endpoint with the connection's authorization (Basic, API key, OAuth client
 * credentials), under the destination's invocation rate limit.
 */
package dev.docket.events.destinations;
