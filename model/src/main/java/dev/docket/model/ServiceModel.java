package dev.docket.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One AWS service model, loaded from the facts-only extract kept in this module's resources ({@code
 * /dev/docket/model/aws/<service>.json}, written by {@code tools/models/extract.py}).
 *
 * <p>The model is the runtime interpreter's source of truth: the wire layer reads protocol metadata
 * and shapes from it to decode and encode requests, and {@link #validate} checks an operation's
 * input against the modelled constraints. Immutable and thread-safe once loaded.
 */
public final class ServiceModel {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String serviceId;
  private final String apiVersion;
  private final String protocol;
  private final List<String> protocols;
  private final String jsonVersion;
  private final String targetPrefix;
  private final String signingName;
  private final boolean awsQueryCompatible;
  private final String queryXmlNamespace;
  private final Map<String, Operation> operations;
  private final Map<String, Shape> shapes;
  private final Validator validator;

  private ServiceModel(JsonNode extract) {
    JsonNode meta = required(extract, "metadata");
    this.serviceId = meta.path("serviceId").asText("");
    this.apiVersion = meta.path("apiVersion").asText("");
    this.protocol = required(meta, "protocol").asText();
    List<String> declared = new ArrayList<>();
    meta.path("protocols").forEach(p -> declared.add(p.asText()));
    if (declared.isEmpty()) {
      declared.add(protocol);
    }
    this.protocols = List.copyOf(declared);
    this.jsonVersion = meta.hasNonNull("jsonVersion") ? meta.get("jsonVersion").asText() : null;
    this.targetPrefix = meta.hasNonNull("targetPrefix") ? meta.get("targetPrefix").asText() : null;
    this.signingName = meta.path("signingName").asText(meta.path("endpointPrefix").asText(""));
    this.awsQueryCompatible = meta.has("awsQueryCompatible");
    JsonNode ns = meta.path("docket").path("queryXmlNamespace");
    this.queryXmlNamespace = ns.isTextual() ? ns.asText() : meta.path("xmlNamespace").asText(null);
    this.shapes = ModelReader.shapes(required(extract, "shapes"));
    this.operations = ModelReader.operations(required(extract, "operations"));
    this.validator = new Validator(shapes);
  }

  /** Loads a model extract from the classpath, e.g. {@code /dev/docket/model/aws/sqs.json}. */
  public static ServiceModel load(String classpathResource) {
    try (InputStream in = ServiceModel.class.getResourceAsStream(classpathResource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No model extract on the classpath at '" + classpathResource + "'");
      }
      return new ServiceModel(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model extract '" + classpathResource + "'", e);
    }
  }

  /** Builds a model from an already-parsed extract (tests use small hand-written ones). */
  public static ServiceModel of(JsonNode extract) {
    return new ServiceModel(extract);
  }

  /** The SigV4 signing name, e.g. {@code sqs}. */
  public String signingName() {
    return signingName;
  }

  /** The model's service id, e.g. {@code SQS}. */
  public String serviceId() {
    return serviceId;
  }

  /** The API version, e.g. {@code 2012-11-05}. */
  public String apiVersion() {
    return apiVersion;
  }

  /** The primary protocol, e.g. {@code json}, {@code query} or {@code rest-json}. */
  public String protocol() {
    return protocol;
  }

  /** Every protocol the model declares, primary first. */
  public List<String> protocols() {
    return protocols;
  }

  /** The awsJson version ({@code 1.0} or {@code 1.1}) for JSON-protocol services. */
  public Optional<String> jsonVersion() {
    return Optional.ofNullable(jsonVersion);
  }

  /** The {@code X-Amz-Target} prefix for JSON-protocol services, e.g. {@code AmazonSQS}. */
  public Optional<String> targetPrefix() {
    return Optional.ofNullable(targetPrefix);
  }

  /** Whether the service also reports awsQuery error codes in JSON ({@code x-amzn-query-error}). */
  public boolean awsQueryCompatible() {
    return awsQueryCompatible;
  }

  /** The XML namespace of awsQuery responses, e.g. {@code http://queue.amazonaws.com/doc/...}. */
  public Optional<String> queryXmlNamespace() {
    return Optional.ofNullable(queryXmlNamespace);
  }

  /** Whether clients may call this service with the awsQuery protocol (form in, XML out). */
  public boolean supportsQuery() {
    return protocols.contains("query") || queryXmlNamespace != null;
  }

  /** The operation names of the model. */
  public Collection<String> operationNames() {
    return operations.keySet();
  }

  /** Whether the model has an operation of this name. */
  public boolean hasOperation(String name) {
    return operations.containsKey(name);
  }

  /** The operation of this name, if modelled. */
  public Optional<Operation> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  /** Every operation, by name. */
  public Map<String, Operation> operations() {
    return operations;
  }

  /**
   * The shape of this name.
   *
   * @throws IllegalArgumentException when the model has no such shape
   */
  public Shape shape(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalArgumentException("No shape '" + name + "' in model " + serviceId);
    }
    return shape;
  }

  /** The shape of this name, if the model has one. */
  public Optional<Shape> findShape(String name) {
    return Optional.ofNullable(shapes.get(name));
  }

  /** The input shape of an operation, if it is modelled and takes input. */
  public Optional<Shape> inputShape(String operation) {
    return operation(operation).flatMap(Operation::input).map(this::shape);
  }

  /** The output shape of an operation, if it is modelled and returns output. */
  public Optional<Shape> outputShape(String operation) {
    return operation(operation).flatMap(Operation::output).map(this::shape);
  }

  /**
   * Validates an operation's input against the modelled constraints: required members, JSON types,
   * lengths, ranges, patterns and enums, recursively. Members the shape does not declare are
   * ignored, as AWS's JSON protocols do.
   *
   * @return the first problem found, or empty when the input is valid
   * @throws IllegalArgumentException when the operation is not modelled
   */
  public Optional<ValidationProblem> validate(String operation, ObjectNode input) {
    Operation op =
        operation(operation)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "No operation '" + operation + "' in model " + serviceId));
    if (op.inputShape() == null) {
      return Optional.empty();
    }
    return validator.validate(shape(op.inputShape()), input);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("Model extract lacks '" + field + "'");
    }
    return value;
  }

  /** Reads the extract's JSON into records; separate so the constructor stays readable. */
  private static final class ModelReader {

    static Map<String, Operation> operations(JsonNode node) {
      Map<String, Operation> out = new LinkedHashMap<>();
      node.properties()
          .forEach(
              e -> {
                JsonNode op = e.getValue();
                JsonNode http = op.path("http");
                List<String> errors = new ArrayList<>();
                op.path("errors").forEach(err -> errors.add(err.asText()));
                out.put(
                    e.getKey(),
                    new Operation(
                        e.getKey(),
                        http.path("method").asText("POST"),
                        http.path("requestUri").asText("/"),
                        http.path("responseCode").asInt(200),
                        op.path("input").asText(null),
                        op.path("output").asText(null),
                        errors));
              });
      return Collections.unmodifiableMap(out);
    }

    static Map<String, Shape> shapes(JsonNode node) {
      Map<String, Shape> out = new LinkedHashMap<>();
      node.properties().forEach(e -> out.put(e.getKey(), shape(e.getKey(), e.getValue())));
      return Collections.unmodifiableMap(out);
    }

    private static Shape shape(String name, JsonNode s) {
      Map<String, Member> members = new LinkedHashMap<>();
      s.path("members")
          .properties()
          .forEach(m -> members.put(m.getKey(), member(m.getKey(), m.getValue())));
      var required = new HashSet<String>();
      s.path("required").forEach(r -> required.add(r.asText()));
      List<String> enumValues = new ArrayList<>();
      if (!s.path("docketOpenEnum").asBoolean(false)) {
        // An open enum's values are advisory: the service validates them with its own error.
        s.path("enum").forEach(v -> enumValues.add(v.asText()));
      }
      Shape.ErrorTraits error = null;
      if (s.path("exception").asBoolean(false) || s.has("error")) {
        JsonNode e = s.path("error");
        int status = e.path("httpStatusCode").asInt(0);
        boolean sender =
            e.has("senderFault") ? e.get("senderFault").asBoolean() : !s.path("fault").asBoolean();
        error = new Shape.ErrorTraits(status, e.path("code").asText(null), sender);
      }
      return new Shape(
          name,
          ShapeType.of(s.path("type").asText()),
          members,
          required,
          s.has("member") ? member("member", s.get("member")) : null,
          s.has("key") ? member("key", s.get("key")) : null,
          s.has("value") ? member("value", s.get("value")) : null,
          s.has("min") ? s.get("min").asLong() : null,
          s.has("max") ? s.get("max").asLong() : null,
          pattern(s.path("pattern").asText(null)),
          enumValues,
          s.path("flattened").asBoolean(false),
          error,
          s.path("queryKeyName").asText(s.path("key").path("locationName").asText("key")),
          s.path("queryValueName").asText(s.path("value").path("locationName").asText("value")));
    }

    private static Member member(String name, JsonNode m) {
      String locationName = m.path("locationName").asText(null);
      String queryName = m.path("queryName").asText(locationName != null ? locationName : name);
      return new Member(
          name,
          m.path("shape").asText(),
          m.path("location").asText(null),
          locationName,
          queryName,
          m.path("flattened").asBoolean(false),
          m.path("idempotencyToken").asBoolean(false),
          m.path("jsonvalue").asBoolean(false),
          m.path("timestampFormat").asText(null));
    }

    private static Pattern pattern(String regex) {
      if (regex == null) {
        return null;
      }
      try {
        return Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        // A pattern only ECMAScript understands is not enforced rather than failing the load.
        return null;
      }
    }
  }
}
