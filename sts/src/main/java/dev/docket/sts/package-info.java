/**
 * Identities: the AWS Security Token Service API ({@link dev.docket.sts.StsService}, awsQuery).
 * GetCallerIdentity says who a request's credentials act as; AssumeRole hands out temporary
 * credentials whose session token is Docket's stateless {@link dev.docket.model.SessionTokens}
 * encryption under the server key that {@link dev.docket.sts.SessionKeys} keeps in the store.
 */
package dev.docket.sts;
