package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.cart.api.Cart;
import io.microbs.ecommerce.cart.api.CartClient;
import io.microbs.ecommerce.payment.api.ChargeOutcome;
import io.microbs.ecommerce.payment.api.ChargeStatus;
import io.microbs.ecommerce.payment.api.PaymentClient;
import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.product.api.CatalogueClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What checkout asks of the other services, over the event bus, through the clients they publish.
 */
final class BusDependencies implements Dependencies {
  private final CartClient carts;
  private final CatalogueClient catalogue;
  private final PaymentClient payment;

  BusDependencies(Vertx vertx, CallTimeouts timeouts) {
    this.carts = new CartClient(vertx, timeouts.service());
    this.catalogue = new CatalogueClient(vertx, timeouts.service());
    this.payment = new PaymentClient(vertx, timeouts.payment());
  }

  @Override
  public Future<Cart> cart(String sessionId) {
    return carts.read(sessionId);
  }

  @Override
  public Future<Void> clearCart(String sessionId) {
    return carts.clear(sessionId);
  }

  /** Prices each line from the catalogue; the client's idea of the price is never used. */
  @Override
  public Future<List<Order.Line>> price(Cart cart) {
    return catalogue.documents(cart.lines().keySet()).map(products -> {
      Map<String, BigDecimal> prices = new HashMap<>();
      products.forEach(product -> prices.put(product.id(), product.price()));
      List<Order.Line> lines = new ArrayList<>();
      cart.lines().forEach((productId, quantity) -> {
        BigDecimal price = prices.get(productId);
        if (price == null) {
          throw new ServiceException(409, "product " + productId + " in the cart is no longer sold");
        }
        lines.add(new Order.Line(productId, quantity, price));
      });
      lines.sort(Comparator.comparing(Order.Line::productId));
      return lines;
    });
  }

  /** Charges the card for the order; the order id is the transaction id. */
  @Override
  public Future<ChargeOutcome> charge(Order order, JsonObject card) {
    return payment.charge(order.orderId().toString(), order.total(), card);
  }

  /** Takes a charge back (compensation when the order could not be recorded as paid), or refuses it before it is made. */
  @Override
  public Future<Void> voidCharge(UUID orderId) {
    return payment.voidCharge(orderId.toString());
  }

  /** Where payment's record says the order's charge stands. */
  @Override
  public Future<ChargeStatus> chargeStatus(UUID orderId) {
    return payment.status(orderId.toString());
  }
}
