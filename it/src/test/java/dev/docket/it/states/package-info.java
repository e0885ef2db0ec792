/**
 * Black-box tests of Step Functions with the AWS SDK for Java v2 against Docket: the AWS-recorded
 * conformance executions, the API and its errors, service integrations (queues, buses, HTTP through
 * EventBridge connections, Docket functions, activities), state machines as rule targets, and the
 * durability of Standard executions across {@code kill -9} (mid-flight and parked) with the history
 * invariants a replay must keep.
 */
package dev.docket.it.states;
