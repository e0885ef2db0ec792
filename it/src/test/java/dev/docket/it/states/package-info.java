/**
 * Black-box tests of Step Functions: the AWS SDK for Java v2 against a child Docket, here the
 * durability of Standard executions across {@code kill -9} (mid-flight and parked executions), with
 * the history invariants a replay must keep.
 */
package dev.docket.it.states;
