/**
 * Black-box proof of the wire layer: SQS's legacy awsQuery protocol (form in, XML out) through the
 * AWS SDK for Java v1 and raw HTTP, and SigV4 authentication through the SDK v2 and unsigned raw
 * requests.
 */
package dev.docket.it.wire;
