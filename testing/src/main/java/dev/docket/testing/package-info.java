/**
 * Test support for code that talks to Docket: {@link dev.docket.testing.DocketExtension} runs a
 * server inside the test JVM for a test class, {@link dev.docket.testing.DocketProcess} runs one as
 * a child JVM that can be killed for real. Both hand out AWS SDK clients pointed at the server.
 */
package dev.docket.testing;
