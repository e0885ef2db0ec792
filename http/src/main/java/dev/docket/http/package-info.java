/**
 * The wire layer: one HTTP port (Helidon SE WebServer on virtual threads) that finds the service a
 * request is for (SigV4 credential scope, {@code X-Amz-Target} prefix, an awsQuery form, or a
 * restJson1 service's method and path), verifies its signature, decodes awsJson 1.0/1.1, awsQuery
 * or restJson1 into the model-shaped node the service expects, validates it, and encodes the
 * service's answer or error the way that protocol's clients parse it. {@link
 * dev.docket.http.WireServer} and {@link dev.docket.http.HttpConfig} are the public entry points;
 * everything else is package-private. This package knows no service and no store: it is driven by
 * {@link dev.docket.model.ServiceModel}.
 */
package dev.docket.http;
