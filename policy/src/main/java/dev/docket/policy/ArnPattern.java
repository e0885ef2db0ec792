package dev.docket.policy;

/**
 * A policy value of the {@code Arn*} operators. IAM matches ARNs per component: each of the six
 * colon-separated components ({@code arn}, partition, service, region, account, resource; the
 * resource keeps any further colons) is matched separately and may use {@code *} and {@code ?},
 * which never cross a colon of the first five. A request value with fewer than six components
 * matches nothing. A policy value with fewer than six components (such as a bare {@code *}) is
 * matched as one wildcard pattern over the whole value. {@code ArnEquals} and {@code ArnLike} share
 * this matching, as IAM documents. Case-sensitive; immutable and thread-safe.
 */
final class ArnPattern {

  private final Glob[] components;
  private final Glob whole;

  private ArnPattern(Glob[] components, Glob whole) {
    this.components = components;
    this.whole = whole;
  }

  static ArnPattern of(String raw, boolean variables) {
    String[] parts = raw.split(":", 6);
    if (parts.length < 6) {
      return new ArnPattern(null, PolicyText.glob(raw, variables));
    }
    Glob[] components = new Glob[6];
    for (int i = 0; i < 6; i++) {
      components[i] = PolicyText.glob(parts[i], variables);
    }
    return new ArnPattern(components, null);
  }

  boolean matches(String arn) {
    if (whole != null) {
      return whole.matches(arn);
    }
    int start = 0;
    for (int i = 0; i < 5; i++) {
      int colon = arn.indexOf(':', start);
      if (colon < 0 || !components[i].matches(arn.substring(start, colon))) {
        return false;
      }
      start = colon + 1;
    }
    return components[5].matches(arn.substring(start));
  }
}
