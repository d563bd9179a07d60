package io.microbs.ecommerce.checkout;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where an order stands, and the only moves it may make: {@code pending → paid → completed} on the way, {@code failed}
 * or {@code voided} at its end. Checkout moves an order forward, or to failed or voided when its charge does not stand;
 * the reconciler also takes a paid or completed order whose charge payment does not hold to failed or voided. Failed
 * and voided orders never move again.
 */
enum OrderStatus {
  PENDING, PAID, COMPLETED, FAILED, VOIDED;

  /** The orders on their way: an old one of these is stuck (the others are old by nature). */
  static final Set<OrderStatus> UNSETTLED = EnumSet.of(PENDING, PAID);

  /** The statuses this one may move to. */
  Set<OrderStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(PAID, FAILED, VOIDED);
      case PAID -> EnumSet.of(COMPLETED, FAILED, VOIDED);
      case COMPLETED -> EnumSet.of(FAILED, VOIDED);
      case FAILED, VOIDED -> EnumSet.noneOf(OrderStatus.class);
    };
  }

  boolean mayMoveTo(OrderStatus to) {
    return next().contains(to);
  }

  /** As the order store and the API write it: {@code pending}, {@code paid}, … */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OrderStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }
}
