/**
 * Black-box tests that drive Docket through the real {@code aws} command-line interface, including
 * the README's walkthrough script ({@code scripts/walkthrough.sh}).
 */
package dev.docket.it.cli;
