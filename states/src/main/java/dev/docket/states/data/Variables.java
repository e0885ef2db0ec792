package dev.docket.states.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * Variables in scope ({@code Assign}): a state machine's own, and for a Parallel branch or Map
 * iteration its own scope over its parent's (reads see the parent; assignments stay local, as AWS's
 * variable scoping rules say). Not thread-safe: a scope belongs to one branch.
 */
public final class Variables {

  private final Variables parent;
  private final Map<String, JsonNode> values = new HashMap<>();

  private Variables(Variables parent) {
    this.parent = parent;
  }

  /** An empty top-level scope. */
  public static Variables root() {
    return new Variables(null);
  }

  /** A scope for a branch or iteration that reads this one. */
  public Variables child() {
    return new Variables(this);
  }

  /** The value of {@code name} (without {@code $}), or null if it is not in scope. */
  public JsonNode get(String name) {
    for (Variables scope = this; scope != null; scope = scope.parent) {
      JsonNode value = scope.values.get(name);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Assigns every entry (names without {@code $}) in this scope. */
  public void assign(Map<String, JsonNode> assigned) {
    values.putAll(assigned);
  }

  /** Every variable visible here, inner scopes winning (for JSONata bindings). */
  public Map<String, JsonNode> visible() {
    Map<String, JsonNode> all = parent == null ? new HashMap<>() : parent.visible();
    all.putAll(values);
    return all;
  }
}
