package io.microbs.ecommerce.cart.api;

import io.microbs.ecommerce.platform.bus.Endpoint;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A shopper's cart as the other services read and clear it, over the event bus: {@link #READ} and {@link #CLEAR} on
 * the shopper's behalf, as the web gateway sends them, the quantities (strings on the wire, as the reference answers)
 * read as numbers.
 */
public final class CartClient {
  public static final Endpoint READ = Endpoint.post("/");
  public static final Endpoint CLEAR = Endpoint.delete("/");

  private final ServiceClient client;

  public CartClient(Vertx vertx, Duration timeout) {
    this.client = new ServiceClient(vertx, timeout);
  }

  /** The shopper's cart. */
  public Future<Cart> read(String sessionId) {
    return send(READ, sessionId).map(response -> {
      Map<String, Integer> quantities = new HashMap<>();
      response.jsonObject().getJsonObject("data", new JsonObject())
          .forEach(line -> quantities.put(line.getKey(), Integer.valueOf(line.getValue().toString())));
      return new Cart(quantities);
    });
  }

  /** Empties the cart. */
  public Future<Void> clear(String sessionId) {
    return send(CLEAR, sessionId).mapEmpty();
  }

  private Future<ServiceResponse> send(Endpoint endpoint, String sessionId) {
    HttpMethod method = endpoint.method();
    MultiMap asShopper = MultiMap.caseInsensitiveMultiMap().add(ServiceRequest.SESSION, sessionId);
    return client.request(Service.CART, method, endpoint.path(), "", asShopper, Buffer.buffer())
        .map(response -> {
          if (response.status() == 403) {
            // refused, not failed: the caller answers the refusal rather than a 503
            throw new ServiceException(403, "cart refused the " + method + ": " + response.jsonObject().getString("error", "forbidden"));
          }
          return response.requireSuccess(Service.CART);
        });
  }
}
