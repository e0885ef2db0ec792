/**
 * Black-box tests of Step Functions' service integrations: state machines created with the AWS SDK
 * for Java v2 against a running Docket whose Task states send to queues (request-response and
 * {@code .waitForTaskToken}), put events on buses, call HTTP endpoints through EventBridge
 * connections, invoke Docket functions (Lambda) and hand work to activity workers.
 */
package dev.docket.it.states;
