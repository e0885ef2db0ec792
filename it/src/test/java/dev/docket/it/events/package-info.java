/**
 * Black-box tests of the EventBridge API: the AWS SDK for Java v2 against a running Docket,
 * covering buses, rules, targets, tags and TestEventPattern with EventBridge's error codes and
 * messages as AWS recorded them, and the event path from PutEvents through rules and their targets
 * to the messages a queue receives (AWS-recorded input transformer cases, dead letters, bus-to-bus
 * routing, a kill -9 crash test), and connections, API destinations and their HTTP target.
 */
package dev.docket.it.events;
