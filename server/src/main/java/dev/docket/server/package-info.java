/**
 * The composition root: reads configuration (file, environment, command-line overrides) into one
 * immutable {@link dev.docket.server.ServerConfig}, then wires the store, the services and the wire
 * layer into a running {@link dev.docket.server.DocketServer}. This is the only package that reads
 * files or the environment, and the only one that creates a {@link java.time.Clock}; everything
 * below receives what it needs.
 */
package dev.docket.server;
