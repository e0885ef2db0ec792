package dev.docket.model;

/**
 * Marks an exception raised because something the services depend on, such as the store's database,
 * cannot be reached for now, rather than because the request or Docket is wrong.
 *
 * <p>The wire layer answers a request that failed with such an exception (or one caused by it) with
 * {@link CommonError#SERVICE_UNAVAILABLE}, HTTP 503, which the AWS SDKs retry with backoff, instead
 * of {@link CommonError#INTERNAL_FAILURE}: the same request is expected to succeed once the
 * dependency is back, with no restart. The marker is an interface so that a layer's own exception
 * type (the store's {@code StoreUnavailableException}) can carry it without the model knowing that
 * layer.
 */
public interface Unavailable {}
