package dev.docket.delivery;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The registry of every {@link TargetProvider}: resolves a target ARN to the target that serves it.
 * Providers are registered once at start (services that are themselves targets are created after
 * the registry). Thread-safe.
 */
public final class Targets {

  private final List<TargetProvider> providers = new CopyOnWriteArrayList<>();

  /** Adds a provider; the first provider that claims an ARN serves it. */
  public void register(TargetProvider provider) {
    providers.add(provider);
  }

  /** The target for {@code arn}; empty when no provider serves that kind of ARN. */
  public Optional<Target> resolve(String arn) {
    for (TargetProvider provider : providers) {
      Optional<Target> target = provider.target(arn);
      if (target.isPresent()) {
        return target;
      }
    }
    return Optional.empty();
  }
}
