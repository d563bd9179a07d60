package io.microbs.ecommerce.platform.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;

/** Decoding of request bodies, where malformed JSON is the caller's mistake (400), not ours. */
public final class Json {
  private Json() {
  }

  /** The decoded value (JsonObject, JsonArray, String, Number, Boolean or null); malformed JSON → 400. */
  public static Object decode(Buffer body) {
    try {
      return io.vertx.core.json.Json.decodeValue(body);
    } catch (DecodeException e) {
      throw ServiceException.badRequest("body is not valid JSON");
    }
  }
}
