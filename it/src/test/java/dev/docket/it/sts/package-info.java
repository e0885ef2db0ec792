/**
 * STS and identities, black box: GetCallerIdentity for every kind of access key, AssumeRole and the
 * temporary credentials it hands out used by other services' clients, session-token expiry and
 * tampering, the LocalStack convention of 12-digit key ids with authentication off, and the {@code
 * aws} CLI (including a profile that assumes a role).
 */
package dev.docket.it.sts;
