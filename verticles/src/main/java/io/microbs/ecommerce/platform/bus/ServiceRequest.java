package io.microbs.ecommerce.platform.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP-shaped request as a service receives it over the event bus: method, path (without the
 * {@code /api/v1/<service>} prefix), query, the headers that matter, the raw body, and the values
 * of the route's {@code :name} segments.
 */
public final class ServiceRequest {
  /**
   * The shopper's session id as the web gateway verified it from the signed cookie. A pseudo-header
   * (no HTTP header can start with ':'), so no client can send it through either gateway.
   */
  public static final String SESSION = ":session";
  private static final Pattern SESSION_ID = Pattern.compile("([A-Za-z0-9-]{1,64})\\.\\S{0,200}");

  private final HttpMethod method;
  private final String path;
  private final String query;
  private final MultiMap headers;
  private final Buffer body;
  private Map<String, String> params = Map.of();
  private String route = "unmatched";
  private JsonObject json;

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

  MultiMap headers() {
    return headers;
  }

  public Buffer body() {
    return body;
  }

  public String param(String name) {
    return params.get(name);
  }

  /** The route pattern that took this request ({@code /:productId/:quantity}), or "unmatched". */
  public String route() {
    return route;
  }

  void matched(String pattern, Map<String, String> values) {
    this.route = pattern;
    this.params = values;
  }

  /** The body as a JSON object; an empty body is an empty object, anything else that is not an object → 400. */
  public JsonObject jsonObject() {
    if (json == null) {
      Object value = body.length() == 0 ? new JsonObject() : Json.decode(body);
      if (!(value instanceof JsonObject object)) {
        throw ServiceException.badRequest("body must be a JSON object");
      }
      json = object;
    }
    return json;
  }

  /** The body as a JSON object of the shape {@code schema} says; anything else → 400 in the schema's words. */
  public JsonObject jsonObject(BodySchema schema) {
    return schema.check(jsonObject());
  }

  /** The session the web gateway verified from the shopper's cookie; null for a request through the internal api gateway. */
  public String verifiedSessionId() {
    return headers.get(SESSION);
  }

  /**
   * Whose cart this is: the session the web gateway verified, or else, through the internal api
   * gateway, the body's {@code session_id} ({@code <id>.<signature>}) as the reference sends it.
   * A body that is not a JSON object (nor empty) → 400 either way.
   */
  public String sessionId() {
    // read first: a body that is not a JSON object is refused, even when the session comes from the cookie
    JsonObject body = jsonObject();
    String verified = verifiedSessionId();
    if (verified != null) {
      return verified;
    }
    Object value = body.getValue("session_id");
    if (value == null) {
      throw ServiceException.badRequest("session_id is missing");
    }
    Matcher match = value instanceof String text ? SESSION_ID.matcher(text) : null;
    if (match == null || !match.matches()) {
      throw ServiceException.badRequest("session_id must look like <id>.<signature>");
    }
    return match.group(1);
  }
}
