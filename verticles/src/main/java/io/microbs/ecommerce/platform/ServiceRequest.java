package io.microbs.ecommerce.platform;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An HTTP-shaped request as a service receives it over the event bus: method, path (without the
 * {@code /api/v1/<service>} prefix), query, the headers that matter, the raw body, and the values
 * of the route's {@code :name} segments.
 */
public final class ServiceRequest {
  private final HttpMethod method;
  private final String path;
  private final String query;
  private final MultiMap headers;
  private final Buffer body;
  private Map<String, String> params = Map.of();

  public ServiceRequest(HttpMethod method, String path, String query, MultiMap headers, Buffer body) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
    this.body = body;
  }

  public HttpMethod method() {
    return method;
  }

  public String path() {
    return path;
  }

  /** The raw query string, without {@code ?}; empty when there is none. */
  public String query() {
    return query;
  }

  public String header(String name) {
    return headers.get(name);
  }

  public Buffer body() {
    return body;
  }

  public String param(String name) {
    return params.get(name);
  }

  void params(Map<String, String> values) {
    this.params = values;
  }

  /** The body as a JSON object; an empty body is an empty object, anything else that is not an object → 400. */
  public JsonObject jsonObject() {
    if (body.length() == 0) {
      return new JsonObject();
    }
    Object value = Json.decode(body);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw ServiceException.badRequest("body must be a JSON object");
  }
}
