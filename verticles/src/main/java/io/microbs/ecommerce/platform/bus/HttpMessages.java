package io.microbs.ecommerce.platform.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;

/**
 * How an HTTP request and its answer travel over the event bus: the body is the raw bytes (no JSON
 * envelope to encode and decode again), and method, path, query and status ride in the message
 * headers next to the forwarded HTTP headers, under names no HTTP header can have.
 */
final class HttpMessages {
  static final String METHOD = ":method";
  static final String PATH = ":path";
  static final String QUERY = ":query";
  static final String STATUS = ":status";

  private HttpMessages() {
  }

  static DeliveryOptions request(HttpMethod method, String path, String query, MultiMap headers, long timeoutMillis) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(headers)
        .set(METHOD, method.name())
        .set(PATH, path);
    if (query != null && !query.isEmpty()) {
      all.set(QUERY, query);
    }
    return new DeliveryOptions().setHeaders(all).setSendTimeout(timeoutMillis);
  }

  static ServiceRequest request(Message<Buffer> message) {
    MultiMap headers = message.headers();
    String query = headers.get(QUERY);
    return new ServiceRequest(HttpMethod.valueOf(headers.get(METHOD)), headers.get(PATH), query == null ? "" : query,
        headers, message.body() == null ? Buffer.buffer() : message.body());
  }

  static DeliveryOptions response(ServiceResponse response) {
    return new DeliveryOptions().setHeaders(
        MultiMap.caseInsensitiveMultiMap().addAll(response.headers()).set(STATUS, Integer.toString(response.status())));
  }

  static ServiceResponse response(Message<Buffer> reply) {
    MultiMap headers = reply.headers();
    int status = Integer.parseInt(headers.get(STATUS));
    headers.remove(STATUS);
    return new ServiceResponse(status, headers, reply.body() == null ? Buffer.buffer() : reply.body());
  }
}
