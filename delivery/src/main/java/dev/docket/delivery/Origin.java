package dev.docket.delivery;

import java.util.Objects;

/**
 * Who delivers, on whose behalf: what a target that checks resource policies needs to know of a
 * delivery (a queue's policy allowing {@code events.amazonaws.com} with {@code aws:SourceArn} the
 * rule's ARN; a bus of another account allowing the rule's account). {@link #NONE} when the
 * producer acts as itself (a state machine's task calls with its execution's identity).
 *
 * @param servicePrincipal the service principal that makes the call, e.g. {@code
 *     events.amazonaws.com}; empty for none
 * @param sourceArn the resource on whose behalf it calls ({@code aws:SourceArn}: the rule, the
 *     schedule); empty for none
 * @param sourceAccount the account that owns the source ({@code aws:SourceAccount}); empty for none
 */
public record Origin(String servicePrincipal, String sourceArn, String sourceAccount) {

  /** No origin: the producer acts as itself. */
  public static final Origin NONE = new Origin("", "", "");

  /** Checks components. */
  public Origin {
    Objects.requireNonNull(servicePrincipal, "servicePrincipal");
    Objects.requireNonNull(sourceArn, "sourceArn");
    Objects.requireNonNull(sourceAccount, "sourceAccount");
  }

  /** Whether this is {@link #NONE}. */
  public boolean isNone() {
    return servicePrincipal.isEmpty() && sourceArn.isEmpty() && sourceAccount.isEmpty();
  }
}
