package dev.docket.http;

import dev.docket.model.AwsService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the service a request is for: by the SigV4 credential scope's service name (a model's
 * signing name), else by the {@code X-Amz-Target} prefix, else, for an awsQuery form, the awsQuery
 * service whose model has the form's {@code Action} (SQS and STS share the protocol but no action
 * name; an unknown action goes to the first awsQuery service, which refuses it); restJson1 services
 * are matched by method and path ({@link #rest}). Immutable and thread-safe.
 */
final class Router {

  private final Map<String, Binding> bySigningName = new HashMap<>();
  private final Map<String, Binding> byTargetPrefix = new HashMap<>();
  private final Binding queryService;
  private final Map<String, Binding> byQueryAction = new HashMap<>();
  private final RestRoutes restRoutes;

  Router(List<AwsService> services) {
    Binding query = null;
    List<Binding> bindings = new java.util.ArrayList<>();
    for (AwsService service : services) {
      Binding binding = Binding.of(service);
      bindings.add(binding);
      putUnique(bySigningName, service.model().signingName(), binding, "signing name");
      service
          .model()
          .targetPrefix()
          .ifPresent(prefix -> putUnique(byTargetPrefix, prefix, binding, "target prefix"));
      if (service.model().supportsQuery()) {
        if (query == null) {
          query = binding;
        }
        service.model().operationNames().forEach(name -> byQueryAction.putIfAbsent(name, binding));
      }
    }
    this.queryService = query;
    this.restRoutes = new RestRoutes(bindings);
  }

  /**
   * The restJson1 operation a request's method and path name: the most specific route of {@code
   * only} (when the SigV4 scope named a restJson1 service) or of every restJson1 service.
   */
  Optional<RestRoutes.Match> rest(Binding only, String method, String rawPath, String rawQuery) {
    if (restRoutes.isEmpty() || (only != null && !only.restJson())) {
      return Optional.empty();
    }
    return restRoutes.match(only, method, rawPath, rawQuery);
  }

  /**
   * The service a request is for.
   *
   * @param scopeService the credential scope's service name, or {@code null}
   * @param target the {@code X-Amz-Target} header, or {@code null}
   * @param queryAction the {@code Action} of an awsQuery form ({@code ""} for a form whose action
   *     is not known yet), or {@code null} when the request is not one
   */
  Optional<Binding> route(String scopeService, String target, String queryAction) {
    if (scopeService != null) {
      Binding binding = bySigningName.get(scopeService);
      if (binding != null) {
        return Optional.of(binding);
      }
    }
    if (target != null) {
      int dot = target.lastIndexOf('.');
      Binding binding = byTargetPrefix.get(dot < 0 ? target : target.substring(0, dot));
      if (binding != null) {
        return Optional.of(binding);
      }
    }
    if (queryAction != null && queryService != null) {
      return Optional.of(byQueryAction.getOrDefault(queryAction, queryService));
    }
    // restJson services are found by method and path: see rest(...)
    return Optional.empty();
  }

  private static void putUnique(
      Map<String, Binding> map, String key, Binding binding, String what) {
    Binding previous = map.putIfAbsent(key, binding);
    if (previous != null) {
      throw new IllegalArgumentException("Two services share the " + what + " '" + key + "'");
    }
  }
}
