/**
 * Black-box tests of the EventBridge API: the AWS SDK for Java v2 against an in-process Docket,
 * covering buses, rules, targets, tags and TestEventPattern with EventBridge's error codes and
 * messages as AWS recorded them.
 */
package dev.docket.it.events;
