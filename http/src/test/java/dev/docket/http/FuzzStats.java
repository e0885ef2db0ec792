package dev.docket.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Counts what a fuzzer's inputs were answered with, per mutation, for its closing report. */
final class FuzzStats {

  private static final Pattern JSON_TYPE = Pattern.compile("\"__type\":\"([^\"]+)\"");
  private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]+)</Code>");

  private final Map<String, Map<String, Integer>> answers = new TreeMap<>();
  private int inputs;

  /** The error code of a response (JSON {@code __type} or XML {@code Code}), or its status. */
  static String code(WireResponse response) {
    if (response.status() == 200) {
      return "200";
    }
    String body = new String(response.body(), StandardCharsets.UTF_8);
    Matcher json = JSON_TYPE.matcher(body);
    if (json.find()) {
      return json.group(1);
    }
    Matcher xml = XML_CODE.matcher(body);
    return xml.find() ? xml.group(1) : Integer.toString(response.status());
  }

  void record(String mutation, WireResponse response) {
    inputs++;
    answers
        .computeIfAbsent(mutation, m -> new TreeMap<>())
        .merge(response.status() + " " + code(response), 1, Integer::sum);
  }

  int inputs() {
    return inputs;
  }

  String report(String title) {
    StringBuilder out = new StringBuilder(title).append(": ").append(inputs).append(" inputs\n");
    answers.forEach(
        (mutation, counts) ->
            out.append("  ").append(mutation).append(' ').append(counts).append('\n'));
    return out.toString();
  }
}
