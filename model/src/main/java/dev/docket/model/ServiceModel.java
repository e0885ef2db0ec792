package dev.docket.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Optional;

/**
 * One AWS service model, loaded from the facts-only extract kept in this module's resources.
 *
 * <p>PLACEHOLDER SIGNATURES: the wire helper replaces the bodies with the interpreter.
 */
public final class ServiceModel {

  private ServiceModel() {}

  /** Loads a model extract from the classpath, e.g. {@code /dev/docket/model/aws/sqs.json}. */
  public static ServiceModel load(String classpathResource) {
    throw new UnsupportedOperationException("not yet implemented: " + classpathResource);
  }

  /** The SigV4 signing name, e.g. {@code sqs}. */
  public String signingName() {
    throw new UnsupportedOperationException();
  }

  /** The operations of the model. */
  public Collection<String> operationNames() {
    throw new UnsupportedOperationException();
  }

  /** Validates an operation's input; empty when valid. */
  public Optional<ValidationProblem> validate(String operation, ObjectNode input) {
    throw new UnsupportedOperationException();
  }
}
