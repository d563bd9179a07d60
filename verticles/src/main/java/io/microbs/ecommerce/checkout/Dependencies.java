package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.cart.api.Cart;
import io.microbs.ecommerce.payment.api.ChargeOutcome;
import io.microbs.ecommerce.payment.api.ChargeStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** What checkout asks of the other services: the shopper's cart, the catalogue's prices, and payment. */
interface Dependencies {
  Future<Cart> cart(String sessionId);

  Future<Void> clearCart(String sessionId);

  /** Prices each line from the catalogue; the client's idea of the price is never used. */
  Future<List<Order.Line>> price(Cart cart);

  /** Charges the card for the order; the order id is the transaction id. */
  Future<ChargeOutcome> charge(Order order, JsonObject card);

  /** Takes a charge back (compensation when the order could not be recorded as paid), or refuses it before it is made. */
  Future<Void> voidCharge(UUID orderId);

  /** Where payment's record says the order's charge stands. */
  Future<ChargeStatus> chargeStatus(UUID orderId);
}
