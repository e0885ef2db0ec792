package dev.docket.http;

import dev.docket.model.AwsService;
import dev.docket.model.ServiceModel;

/**
 * A service bound to the wire: the service and its per-protocol codecs, built once at start.
 *
 * @param service the service
 * @param jsonContentType {@code application/x-amz-json-1.0} or {@code -1.1}
 * @param queryDecoder decodes awsQuery forms for it
 * @param xml encodes its awsQuery responses and errors
 */
record Binding(
    AwsService service, String jsonContentType, QueryDecoder queryDecoder, XmlEncoder xml) {

  static Binding of(AwsService service) {
    ServiceModel model = service.model();
    return new Binding(
        service,
        "application/x-amz-json-" + model.jsonVersion().orElse("1.0"),
        new QueryDecoder(model),
        new XmlEncoder(model));
  }

  ServiceModel model() {
    return service.model();
  }

  /** Whether the service speaks restJson1 (routed by method and path). */
  boolean restJson() {
    return "rest-json".equals(model().protocol());
  }
}
