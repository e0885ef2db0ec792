/**
 * The travel-booking saga of {@code examples/travel-saga}: its state machine run through the AWS
 * SDK against Docket in-process, with the eight functions served by a local HTTP server that
 * behaves as {@code functions.py} does.
 */
package dev.docket.examples.travelsaga;
