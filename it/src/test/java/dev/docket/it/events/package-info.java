/**
 * Black-box tests of EventBridge's event path: the AWS SDK for Java v2 (EventBridge and SQS
 * clients) against a running Docket, from PutEvents through rules and their targets to the messages
 * a queue receives, including AWS-recorded input transformer cases, dead letters, bus-to-bus
 * routing and a kill -9 crash test.
 */
package dev.docket.it.events;
