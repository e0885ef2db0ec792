package dev.docket.policy;

/**
 * Policy variables in resource and condition values. In a {@code 2012-10-17} document {@code ${...}}
 * is a policy variable; Docket supports only the three escapes ({@code ${*}}, {@code ${?}} and
 * {@code ${$}}, a literal {@code *}, {@code ?} and {@code $}) and refuses any other variable with a
 * clear reason. In a {@code 2008-10-17} document (or one without {@code Version}) {@code ${} is
 * plain text, as in IAM.
 */
final class PolicyText {

  private PolicyText() {}

  /** A glob from a value whose unescaped {@code *} and {@code ?} are wildcards. */
  static Glob glob(String raw, boolean variables) {
    if (!variables || !raw.contains("${")) {
      return Glob.of(raw);
    }
    StringBuilder text = new StringBuilder(raw.length());
    StringBuilder wild = new StringBuilder(raw.length());
    resolve(raw, text, wild);
    boolean[] mask = new boolean[text.length()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = wild.charAt(i) == 'w';
    }
    return Glob.of(text.toString(), mask);
  }

  /** A literal value with its escapes resolved. */
  static String literal(String raw, boolean variables) {
    if (!variables || !raw.contains("${")) {
      return raw;
    }
    StringBuilder text = new StringBuilder(raw.length());
    resolve(raw, text, new StringBuilder(raw.length()));
    return text.toString();
  }

  /**
   * Appends each character to {@code text}, and 'w' (wildcard) or 'l' (literal) to {@code wild}.
   */
  private static void resolve(String raw, StringBuilder text, StringBuilder wild) {
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '$' && raw.startsWith("${", i)) {
        int end = raw.indexOf('}', i + 2);
        String name = end < 0 ? raw.substring(i) : raw.substring(i + 2, end);
        if (end >= 0 && name.length() == 1 && "*?$".contains(name)) {
          text.append(name.charAt(0));
          wild.append('l');
          i = end + 1;
          continue;
        }
        throw new MalformedPolicyException(
            "Policy variables are not supported, but the policy uses "
                + (end < 0 ? quote(raw.substring(i)) : quote(raw.substring(i, end + 1))));
      }
      text.append(c);
      wild.append(c == '*' || c == '?' ? 'w' : 'l');
      i++;
    }
  }

  static String quote(String value) {
    String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return "'" + shown + "'";
  }
}
