package dev.docket.patterns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge's limits that event-ruler (2.x, which compares any double) no longer enforces:
 * numbers in numeric comparisons ({@code numeric} operands and numeric {@code anything-but} values)
 * must lie within +/-5.0e9 and have at most six digits after the decimal point.
 *
 * <p>Runs after event-ruler has accepted the pattern, so the text is known to be a well-formed
 * pattern. Stateless and thread-safe.
 */
final class PatternChecks {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final BigDecimal MAGNITUDE = BigDecimal.valueOf(PatternLimits.NUMERIC_MAGNITUDE);

  private PatternChecks() {}

  /** Throws InvalidEventPatternException when {@code json} breaks one of EventBridge's limits. */
  static void check(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // event-ruler parsed it already; a difference between the two parsers is not the caller's
      throw InvalidEventPatternException.because(PatternCompiler.firstLine(e.getOriginalMessage()));
    }
    checkObject(root);
  }

  private static void checkObject(JsonNode object) {
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if (value.isObject()) {
        checkObject(value);
      } else if (value.isArray() && "$or".equals(field.getKey())) {
        for (JsonNode branch : value) {
          checkObject(branch);
        }
      } else if (value.isArray()) {
        for (JsonNode element : value) {
          if (element.isObject()) {
            checkExpression(element);
          }
        }
      }
    }
  }

  /** One match expression, such as {@code {"numeric": [">", 0]}}. */
  private static void checkExpression(JsonNode expression) {
    JsonNode numeric = expression.get("numeric");
    if (numeric != null && numeric.isArray()) {
      for (JsonNode term : numeric) {
        if (term.isNumber()) {
          checkNumber(term);
        }
      }
    }
    JsonNode anythingBut = expression.get("anything-but");
    if (anythingBut != null && anythingBut.isNumber()) {
      checkNumber(anythingBut);
    } else if (anythingBut != null && anythingBut.isArray()) {
      for (JsonNode value : anythingBut) {
        if (value.isNumber()) {
          checkNumber(value);
        }
      }
    }
  }

  private static void checkNumber(JsonNode number) {
    BigDecimal value = new BigDecimal(number.asText());
    if (value.abs().compareTo(MAGNITUDE) > 0) {
      throw InvalidEventPatternException.because(PatternMessages.NUMERIC_RANGE);
    }
    if (value.stripTrailingZeros().scale() > PatternLimits.NUMERIC_DECIMALS) {
      throw InvalidEventPatternException.because(PatternMessages.NUMERIC_DECIMALS);
    }
  }
}
