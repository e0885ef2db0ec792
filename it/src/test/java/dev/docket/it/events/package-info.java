/** Black-box tests of the EventBridge API with the AWS SDK for Java v2 against a running Docket. */
package dev.docket.it.events;
