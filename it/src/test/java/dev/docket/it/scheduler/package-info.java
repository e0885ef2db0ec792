/**
 * Black-box tests of the EventBridge Scheduler API (restJson1): the AWS SDK for Java v2 against a
 * running Docket, covering schedules, schedule groups, tags, validation with AWS's messages and
 * AWS-recorded expression cases, and schedules firing into queues, buses and state machines on a
 * manual clock.
 */
package dev.docket.it.scheduler;
