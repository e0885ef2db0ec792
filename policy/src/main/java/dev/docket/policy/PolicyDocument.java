package dev.docket.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses IAM policy documents into compiled {@link Policy} objects, validating them as IAM does for
 * resource-based policies (see {@link StatementParser} for the statement rules).
 *
 * <p>Hostile input is refused before it costs much: a document longer than {@link
 * ParseOptions#maxLength()} is refused by its length alone; Jackson's stream constraints stop
 * nesting beyond {@link ParseOptions#maxDepth()} while reading (so a 10,000-deep document is
 * refused after a few tokens, with no recursion); duplicate keys and trailing content are syntax
 * errors; statement and value counts are bounded. Every refusal is a {@link
 * MalformedPolicyException}.
 *
 * <p>Thread-safe: a stateless facade over per-depth shared Jackson mappers.
 */
public final class PolicyDocument {

  /** The current policy language version; policy variables exist only in it. */
  public static final String VERSION_2012 = "2012-10-17";

  /** The original policy language version, assumed when a document has no {@code Version}. */
  public static final String VERSION_2008 = "2008-10-17";

  private static final Map<Integer, ObjectMapper> MAPPERS = new ConcurrentHashMap<>();

  private PolicyDocument() {}

  /**
   * Parses a resource-based policy with the {@link ParseOptions#defaults() default} options.
   *
   * @throws MalformedPolicyException with the reason when the document is not a valid policy
   */
  public static Policy parse(String json) {
    return parse(json, ParseOptions.defaults());
  }

  /**
   * Parses a policy with the given options.
   *
   * @throws MalformedPolicyException with the reason when the document is not a valid policy
   */
  public static Policy parse(String json, ParseOptions options) {
    Objects.requireNonNull(options, "options");
    if (json == null || json.isBlank()) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    if (json.length() > options.maxLength()) {
      throw new MalformedPolicyException(Reasons.tooLong(json.length(), options.maxLength()));
    }
    JsonNode root;
    try {
      root = mapper(options.maxDepth()).readTree(json);
    } catch (StreamConstraintsException e) {
      String message = String.valueOf(e.getOriginalMessage());
      throw new MalformedPolicyException(
          message.contains("depth")
              ? "Policy document must be nested at most " + options.maxDepth() + " levels deep"
              : Reasons.SYNTAX);
    } catch (JsonProcessingException e) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPolicyException(Reasons.SYNTAX);
    }
    return new StatementParser(options).policy(root);
  }

  private static ObjectMapper mapper(int maxDepth) {
    return MAPPERS.computeIfAbsent(
        maxDepth,
        depth ->
            JsonMapper.builder(
                    JsonFactory.builder()
                        .streamReadConstraints(
                            StreamReadConstraints.builder()
                                .maxNestingDepth(depth)
                                .maxNumberLength(100)
                                .build())
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build());
  }
}
