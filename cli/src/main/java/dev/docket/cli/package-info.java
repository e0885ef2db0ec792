/**
 * The {@code docket} command line: {@code docket serve} runs a server until SIGTERM or SIGINT,
 * {@code docket --version} prints the version. Flags map onto configuration keys of {@link
 * dev.docket.server.ConfigKeys}; everything else (file, environment) is read by the server module.
 * This package also sets up the one-line console logging of the distribution.
 */
package dev.docket.cli;
