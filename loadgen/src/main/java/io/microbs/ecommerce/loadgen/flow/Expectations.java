package io.microbs.ecommerce.loadgen.flow;

import io.microbs.ecommerce.loadgen.engine.UnexpectedResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * The checks of the shop's responses that every flow shares, as {@link
 * io.microbs.ecommerce.loadgen.engine.Expectation}s or parts of one: each throws {@link
 * UnexpectedResponse} with the reason a response is wrong.
 */
final class Expectations {
  private Expectations() {
  }

  static void expect(boolean condition, String reason) {
    if (!condition) {
      throw new UnexpectedResponse(reason);
    }
  }

  /** A 200 of the given media type; anything else is reported with its status and the shop's error message. */
  static void ok(HttpResponse<Buffer> response, String mediaType) {
    if (response.statusCode() != 200) {
      throw new UnexpectedResponse("status " + response.statusCode() + errorOf(response));
    }
    String contentType = response.getHeader("content-type");
    expect(contentType != null && contentType.startsWith(mediaType),
        "content-type " + contentType + ", expected " + mediaType);
  }

  /** A page of the storefront (the single-page app's HTML). */
  static Void page(HttpResponse<Buffer> response) {
    ok(response, "text/html");
    expect(response.body() != null && response.body().length() > 0, "empty page");
    return null;
  }

  /** A product image: JPEG bytes. */
  static Void jpeg(HttpResponse<Buffer> response) {
    ok(response, "image/jpeg");
    Buffer body = response.body();
    expect(body != null && body.length() > 2 && body.getUnsignedByte(0) == 0xFF && body.getUnsignedByte(1) == 0xD8,
        "body is not a JPEG image");
    return null;
  }

  static JsonObject jsonObject(HttpResponse<Buffer> response) {
    ok(response, "application/json");
    try {
      return new JsonObject(response.body());
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new UnexpectedResponse("body is not a JSON object");
    }
  }

  static JsonArray jsonArray(HttpResponse<Buffer> response) {
    ok(response, "application/json");
    try {
      return new JsonArray(response.body());
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new UnexpectedResponse("body is not a JSON array");
    }
  }

  /** {@code {"message":"success", …}}: the shop's answer to a command. */
  static JsonObject success(HttpResponse<Buffer> response) {
    JsonObject body = jsonObject(response);
    expect("success".equals(body.getValue("message")), "message is " + body.getValue("message") + ", not success");
    return body;
  }

  /** ": <error>" from a {@code {"message":"failure","error":…}} body, so failures say why; empty otherwise. */
  private static String errorOf(HttpResponse<Buffer> response) {
    try {
      Object error = new JsonObject(response.body()).getValue("error");
      if (error == null) {
        error = new JsonObject(response.body()).getValue("reason");
      }
      if (error == null) {
        return "";
      }
      String text = error.toString();
      return ": " + (text.length() > 100 ? text.substring(0, 100) + "…" : text);
    } catch (RuntimeException notJson) {
      return "";
    }
  }
}
