package dev.docket.states.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a definition holds, validation answers diagnostics and parsing answers records or {@link
 * InvalidDefinitionException} (exactly when validation found errors); nothing else escapes. Every
 * member of a sample of the conformance definitions is replaced, one at a time, by values of every
 * JSON type, or removed.
 */
class MutatedDefinitionsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<JsonNode> REPLACEMENTS =
      List.of(
          NODES.nullNode(),
          NODES.numberNode(-1),
          NODES.numberNode(1.5),
          NODES.textNode("x"),
          NODES.textNode("{% %}"),
          NODES.booleanNode(true),
          NODES.arrayNode(),
          NODES.arrayNode().add(NODES.textNode("x")),
          NODES.objectNode());

  static List<Path> sample() {
    List<Path> all = ConformanceDefinitionsTest.cases();
    List<Path> sample = new ArrayList<>();
    for (int i = 0; i < all.size(); i += 7) {
      sample.add(all.get(i));
    }
    return sample;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sample")
  void nothingEscapes(Path file) throws IOException {
    JsonNode definition = MAPPER.readTree(file.toFile()).get("definition");
    List<String> variants = new ArrayList<>();
    mutate(definition, definition, variants);
    for (String variant : variants) {
      assertThatCode(
              () -> {
                boolean valid = Definitions.validate(variant).isEmpty();
                try {
                  Definitions.parse(variant);
                  assertThat(valid).as("parsed, so valid").isTrue();
                } catch (InvalidDefinitionException refused) {
                  assertThat(valid).as("refused, so not valid").isFalse();
                  assertThat(refused.diagnostics()).isNotEmpty();
                }
              })
          .as(variant)
          .doesNotThrowAnyException();
    }
  }

  private static void mutate(JsonNode root, JsonNode node, List<String> variants)
      throws IOException {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> member : List.copyOf(object.properties())) {
        String key = member.getKey();
        JsonNode original = member.getValue();
        object.remove(key);
        variants.add(MAPPER.writeValueAsString(root));
        for (JsonNode replacement : REPLACEMENTS) {
          object.set(key, replacement);
          variants.add(MAPPER.writeValueAsString(root));
        }
        object.set(key, original);
        mutate(root, original, variants);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode original = array.get(i);
        for (JsonNode replacement : REPLACEMENTS) {
          array.set(i, replacement);
          variants.add(MAPPER.writeValueAsString(root));
        }
        array.set(i, original);
        mutate(root, original, variants);
      }
    }
  }
}
