package dev.docket.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.docket.model.ServiceException;
import java.util.Base64;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MessageAttributesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void bodyDigestIsTheMd5OfItsUtf8Bytes() {
    String digest = MessageAttributes.md5OfBody("derp");

    assertThat(digest).isEqualTo("58fd9edd83341c29f1aebba81c31e257");
  }

  @Test
  void numberAttributeDigestsAsAwsReturnsIt() {
    SortedMap<String, MessageAttribute> first = new TreeMap<>();
    first.put("timestamp", MessageAttribute.ofString("Number", "1493147359900"));
    SortedMap<String, MessageAttribute> second = new TreeMap<>();
    second.put("timestamp", MessageAttribute.ofString("Number", "1493147359901"));
    SortedMap<String, MessageAttribute> dotted = new TreeMap<>();
    dotted.put("SOME_Valid.attribute-Name", MessageAttribute.ofString("Number", "1493147359900"));

    assertThat(MessageAttributes.md5OfAttributes(first))
        .isEqualTo("235c5c510d26fb653d073faed50ae77c");
    assertThat(MessageAttributes.md5OfAttributes(second))
        .isEqualTo("994258b45346a2cc3f9cbb611aa7af30");
    assertThat(MessageAttributes.md5OfAttributes(dotted))
        .isEqualTo("36655e7e9d7c0e8479fa3f3f42247ae7");
  }

  @Test
  void mixedAttributesDigestInNameOrderWithBinaryTransportType() {
    SortedMap<String, MessageAttribute> attributes = new TreeMap<>();
    attributes.put("ccc", MessageAttribute.ofString("String", "testjunk"));
    attributes.put(
        "aaa",
        MessageAttribute.ofBinary(
            "Binary", Base64.getEncoder().encodeToString(new byte[] {2, 3, 4})));
    attributes.put("zzz", MessageAttribute.ofString("Number", "0230.01"));
    attributes.put("öther_encodings", MessageAttribute.ofString("String", "Tüst"));

    String digest = MessageAttributes.md5OfAttributes(attributes);

    assertThat(digest).isEqualTo("8ae21a7957029ef04146b42aeaa18a22");
  }

  @Test
  void parseKeepsStringNumberAndBinaryAttributes() throws Exception {
    var node =
        JSON.readTree(
            """
            {"b": {"DataType": "Binary", "BinaryValue": "AQID"},
             "n": {"DataType": "Number.int", "StringValue": "42"},
             "s": {"DataType": "String", "StringValue": "x"}}
            """);

    SortedMap<String, MessageAttribute> parsed = MessageAttributes.parse(node);

    assertThat(parsed).containsOnlyKeys("b", "n", "s");
    assertThat(parsed.get("b").valueBytes()).containsExactly(1, 2, 3);
    assertThat(MessageAttributes.size(parsed)).isEqualTo(1 + 6 + 3 + 1 + 10 + 2 + 1 + 6 + 1);
  }

  @Test
  void parseRefusesAnUnknownDataTypeWithAwsText() throws Exception {
    var node = JSON.readTree("{\"a\": {\"DataType\": \"Integer\", \"StringValue\": \"1\"}}");

    assertThatThrownBy(() -> MessageAttributes.parse(node))
        .isInstanceOf(ServiceException.class)
        .hasMessage(
            "The type of message (user) attribute 'a' is invalid. You must use only the following"
                + " supported type prefixes: Binary, Number, String.")
        .extracting(e -> ((ServiceException) e).code())
        .isEqualTo(SqsError.INVALID_PARAMETER_VALUE);
  }

  @Test
  void parseRefusesANumberThatIsNotOne() throws Exception {
    var node = JSON.readTree("{\"a\": {\"DataType\": \"Number\", \"StringValue\": \"ten\"}}");

    assertThatThrownBy(() -> MessageAttributes.parse(node))
        .hasMessage("Can't cast the value of message (user) attribute 'a' to a number.");
  }

  @Test
  void parseRefusesMoreThanTenAttributes() throws Exception {
    var node = JSON.createObjectNode();
    for (int i = 0; i < 11; i++) {
      node.putObject("a" + i).put("DataType", "String").put("StringValue", "v");
    }

    assertThatThrownBy(() -> MessageAttributes.parse(node)).hasMessageContaining("[11]");
  }

  @Test
  void parseRefusesNamesReservedForAws() throws Exception {
    var node = JSON.readTree("{\"AWS.x\": {\"DataType\": \"String\", \"StringValue\": \"v\"}}");

    assertThatThrownBy(() -> MessageAttributes.parse(node)).hasMessageContaining("'AWS.x'");
  }

  @Test
  void invalidCharacterFindsControlCharactersButAllowsTabsAndEmoji() {
    assertThat(MessageAttributes.invalidCharacter("a\tb\r\nc😀")).isEmpty();
    assertThat(MessageAttributes.invalidCharacter("a\u0001b")).contains("#x1");
    assertThat(MessageAttributes.invalidCharacter("\uFFFF")).contains("#xFFFF");
    assertThat(MessageAttributes.invalidCharacter("\uD800")).contains("#xD800");
  }
}
