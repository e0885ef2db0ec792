package dev.docket.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a service model.
 *
 * @param name the operation name, e.g. {@code SendMessage}
 * @param httpMethod the HTTP method of its REST binding ({@code POST} for RPC protocols)
 * @param requestUri the request URI template of its REST binding ({@code /} for RPC protocols)
 * @param responseCode the HTTP status of a successful response
 * @param inputShape the name of the input shape, or {@code null} when it takes no input
 * @param outputShape the name of the output shape, or {@code null} when it returns nothing
 * @param errors the names of the error shapes it is modelled to raise
 */
public record Operation(
    String name,
    String httpMethod,
    String requestUri,
    int responseCode,
    String inputShape,
    String outputShape,
    List<String> errors) {

  /** Validates the required components and copies the error list. */
  public Operation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(httpMethod, "httpMethod");
    Objects.requireNonNull(requestUri, "requestUri");
    errors = List.copyOf(errors);
  }

  /** The input shape's name, if the operation takes input. */
  public Optional<String> input() {
    return Optional.ofNullable(inputShape);
  }

  /** The output shape's name, if the operation returns output. */
  public Optional<String> output() {
    return Optional.ofNullable(outputShape);
  }
}
