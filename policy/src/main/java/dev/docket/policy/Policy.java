package dev.docket.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A parsed, validated and compiled resource-based policy; made by {@link PolicyDocument#parse}.
 * Evaluation follows IAM's logic within one policy: an applicable {@code Deny} statement wins, else
 * an applicable {@code Allow} statement allows, else the policy does not apply. Deny statements are
 * checked first and evaluation stops at the first statement that decides.
 *
 * <p>Immutable and thread-safe: compile once (when the policy is set) and share.
 */
public final class Policy {

  private final String version;
  private final Optional<String> id;
  private final List<String> statementIds;
  private final Statement[] denies;
  private final Statement[] allows;

  Policy(String version, Optional<String> id, List<Statement> statements) {
    this.version = version;
    this.id = id;
    this.statementIds =
        statements.stream().map(Statement::sid).filter(sid -> !sid.isEmpty()).toList();
    this.denies = statements.stream().filter(s -> !s.allow()).toArray(Statement[]::new);
    this.allows = statements.stream().filter(Statement::allow).toArray(Statement[]::new);
  }

  /** What the policy says about a request. */
  public Decision evaluate(Request request) {
    String action = request.action().toLowerCase(Locale.ROOT);
    for (Statement statement : denies) {
      if (statement.applies(request, action)) {
        return Decision.DENY;
      }
    }
    for (Statement statement : allows) {
      if (statement.applies(request, action)) {
        return Decision.ALLOW;
      }
    }
    return Decision.NOT_APPLICABLE;
  }

  /** The document's {@code Version} ({@code 2008-10-17} when it had none, as in IAM). */
  public String version() {
    return version;
  }

  /** The document's {@code Id}, if it had one. */
  public Optional<String> id() {
    return id;
  }

  /** The {@code Sid}s of the statements that have one, in document order. */
  public List<String> statementIds() {
    return statementIds;
  }

  /** How many statements the policy has. */
  public int statementCount() {
    return denies.length + allows.length;
  }

  @Override
  public String toString() {
    return "Policy[version=" + version + ", statements=" + statementCount() + "]";
  }
}
