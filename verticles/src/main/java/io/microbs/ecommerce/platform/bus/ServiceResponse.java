package io.microbs.ecommerce.platform.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** An HTTP-shaped answer from a service: status, headers (Content-Type always among them) and body. */
public record ServiceResponse(int status, MultiMap headers, Buffer body) {

  public static final String JSON = "application/json";

  public static ServiceResponse json(int status, JsonObject body) {
    return json(status, body.toBuffer());
  }

  public static ServiceResponse json(int status, JsonArray body) {
    return json(status, body.toBuffer());
  }

  public static ServiceResponse json(int status, Buffer encodedJson) {
    return of(status, JSON, encodedJson);
  }

  public static ServiceResponse ok(JsonObject body) {
    return json(200, body);
  }

  public static ServiceResponse of(int status, String contentType, Buffer body) {
    return new ServiceResponse(status, MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, contentType), body);
  }

  /** The one error shape of the shop: {@code {"message":"failure","error":"…"}}. */
  public static ServiceResponse failure(int status, String error) {
    return json(status, new JsonObject().put("message", "failure").put("error", error));
  }

  public ServiceResponse withHeader(CharSequence name, CharSequence value) {
    headers.set(name, value);
    return this;
  }

  /** This answer when it is a success; else a 503 that names the service that gave it and passes its reason on. */
  public ServiceResponse requireSuccess(Service from) {
    if (isSuccess()) {
      return this;
    }
    throw new ServiceException(503, from + " answered " + status + ": " + jsonObject().getString("error", "no reason given"));
  }

  public String contentType() {
    return headers.get(HttpHeaders.CONTENT_TYPE);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** The body as a JSON object, or an empty object when it is not one (an error page, an image). */
  public JsonObject jsonObject() {
    try {
      Object value = body.length() == 0 ? null : Json.decode(body);
      return value instanceof JsonObject object ? object : new JsonObject();
    } catch (ServiceException notJson) {
      return new JsonObject();
    }
  }
}
