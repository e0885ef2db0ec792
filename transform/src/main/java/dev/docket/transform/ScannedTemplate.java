package dev.docket.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * An input template cut into literal text and placeholders, each placeholder knowing whether it
 * stands inside a JSON string of the template. {@code literals} has one more element than {@code
 * names}: literal 0, placeholder 0, literal 1, ...
 *
 * <p>A placeholder is {@code <} up to the next {@code >} with no {@code <} between; EventBridge has
 * no escape for the angle brackets. Inside a string, a backslash escapes the next character (the
 * template's own {@code \"} do not end the string), except that it cannot escape a {@code <}.
 *
 * @param literals the text around the placeholders
 * @param names the placeholder names, without the brackets
 * @param inString for each placeholder, whether it is inside a JSON string
 */
record ScannedTemplate(List<String> literals, List<String> names, List<Boolean> inString) {

  /** Copies the lists. */
  ScannedTemplate {
    literals = List.copyOf(literals);
    names = List.copyOf(names);
    inString = List.copyOf(inString);
  }

  /**
   * Scans {@code template}; with {@code minify}, whitespace outside strings is dropped from the
   * literals (only ever used on templates whose skeleton is valid JSON, where it is insignificant).
   */
  static ScannedTemplate scan(String template, boolean minify) {
    List<String> literals = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<Boolean> inString = new ArrayList<>();
    StringBuilder literal = new StringBuilder(template.length());
    boolean string = false;
    int n = template.length();
    for (int i = 0; i < n; i++) {
      char c = template.charAt(i);
      if (c == '<') {
        int close = template.indexOf('>', i + 1);
        int reopen = template.indexOf('<', i + 1);
        if (close > 0 && (reopen < 0 || reopen > close)) {
          literals.add(literal.toString());
          literal.setLength(0);
          names.add(template.substring(i + 1, close));
          inString.add(string);
          i = close;
          continue;
        }
      }
      if (string) {
        if (c == '\\' && i + 1 < n && template.charAt(i + 1) != '<') {
          literal.append(c).append(template.charAt(++i));
          continue;
        }
        string = c != '"';
      } else if (c == '"') {
        string = true;
      } else if (minify && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
        continue;
      }
      literal.append(c);
    }
    literals.add(literal.toString());
    return new ScannedTemplate(literals, names, inString);
  }

  /**
   * The template with each placeholder replaced by a stand-in of its position's kind: {@code null}
   * outside strings, nothing inside them. If this is valid JSON, the template filled with any
   * values is too, except where a container lands inside a string.
   */
  String skeleton() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(literals.get(i));
      if (!inString.get(i)) {
        out.append("null");
      }
    }
    return out.append(literals.getLast()).toString();
  }
}
