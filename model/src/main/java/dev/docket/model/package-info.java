/**
 * The contract between the wire layer and the services: the facts-only AWS service models and their
 * interpreter ({@link dev.docket.model.ServiceModel}), input validation against them, the error
 * vocabulary ({@link dev.docket.model.ErrorCode}, {@link dev.docket.model.ServiceException}) and
 * the interface every service implements ({@link dev.docket.model.AwsService}). This package
 * depends on Jackson only; it knows nothing of HTTP, storage or any particular service.
 */
package dev.docket.model;
