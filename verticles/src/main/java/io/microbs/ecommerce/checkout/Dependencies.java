package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.platform.Service;
import io.microbs.ecommerce.platform.ServiceClient;
import io.microbs.ecommerce.platform.ServiceException;
import io.microbs.ecommerce.platform.ServiceRequest;
import io.microbs.ecommerce.platform.ServiceResponse;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What checkout asks of the other services, over the event bus: the shopper's cart, the catalogue's
 * prices, and payment, which sits behind a circuit breaker so a failing processor is answered 503
 * at once instead of piling up waiting requests.
 */
final class Dependencies {
  private final ServiceClient services;
  private final ServiceClient payment;
  private final CircuitBreaker paymentBreaker;

  Dependencies(Vertx vertx, Duration serviceTimeout, Duration paymentTimeout) {
    this.services = new ServiceClient(vertx, serviceTimeout);
    this.payment = new ServiceClient(vertx, paymentTimeout);
    this.paymentBreaker = CircuitBreaker.create("payment", vertx, new CircuitBreakerOptions()
        .setMaxFailures(10)
        .setResetTimeout(5_000)
        .setNotificationAddress(null));
  }

  /** The cart's lines: product id → quantity. */
  Future<Map<String, Integer>> cart(String sessionId) {
    return services.request(Service.CART, HttpMethod.POST, "/", "", asShopper(sessionId), Buffer.buffer())
        .map(response -> {
          requireSuccess(response, "cart");
          Map<String, Integer> quantities = new HashMap<>();
          response.jsonObject().getJsonObject("data", new JsonObject())
              .forEach(line -> quantities.put(line.getKey(), Integer.valueOf(line.getValue().toString())));
          return quantities;
        });
  }

  Future<Void> clearCart(String sessionId) {
    return services.request(Service.CART, HttpMethod.DELETE, "/", "", asShopper(sessionId), Buffer.buffer())
        .map(response -> {
          requireSuccess(response, "cart");
          return null;
        });
  }

  /** Prices each line from the catalogue; the client's idea of the price is never used. */
  Future<List<Order.Line>> price(Map<String, Integer> quantities) {
    Buffer ids = Buffer.buffer(new JsonArray(new ArrayList<>(quantities.keySet())).encode());
    return services.request(Service.PRODUCT, HttpMethod.POST, "/documents", ids).map(response -> {
      requireSuccess(response, "product");
      Map<String, BigDecimal> prices = new HashMap<>();
      response.body().toJsonArray().forEach(product -> {
        JsonObject row = (JsonObject) product;
        prices.put(row.getString("id"), BigDecimal.valueOf(row.getDouble("price")).setScale(2, RoundingMode.HALF_UP));
      });
      List<Order.Line> lines = new ArrayList<>();
      quantities.forEach((productId, quantity) -> {
        BigDecimal price = prices.get(productId);
        if (price == null) {
          throw new ServiceException(409, "product " + productId + " in the cart is no longer sold");
        }
        lines.add(new Order.Line(productId, quantity, price));
      });
      lines.sort((a, b) -> a.productId().compareTo(b.productId()));
      return lines;
    });
  }

  /** Charges the card for the order; the order id is the transaction id. A decline comes back as the payment's 4xx answer. */
  Future<ServiceResponse> charge(Order order, JsonObject card) {
    JsonObject request = new JsonObject()
        .put("amount", order.total().doubleValue())
        .put("card", card)
        .put("transaction_id", order.orderId().toString());
    return paymentBreaker.<ServiceResponse>execute(
            () -> payment.request(Service.PAYMENT, HttpMethod.POST, "/process", request.toBuffer()))
        .recover(failure -> Future.failedFuture(failure instanceof ServiceException known
            ? known
            : new ServiceException(503, "payment is unavailable", failure)));
  }

  /** Takes a charge back (compensation when the order could not be recorded as paid). */
  Future<Void> voidCharge(UUID orderId) {
    Buffer request = new JsonObject().put("transaction_id", orderId.toString()).toBuffer();
    return payment.request(Service.PAYMENT, HttpMethod.POST, "/void", request).map(response -> {
      requireSuccess(response, "payment");
      return null;
    });
  }

  private static MultiMap asShopper(String sessionId) {
    return MultiMap.caseInsensitiveMultiMap().add(ServiceRequest.SESSION, sessionId);
  }

  private static void requireSuccess(ServiceResponse response, String service) {
    if (!response.isSuccess()) {
      throw new ServiceException(503, service + " answered " + response.status() + ": "
          + response.jsonObject().getString("error", "no reason given"));
    }
  }
}
