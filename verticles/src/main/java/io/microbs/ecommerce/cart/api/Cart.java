package io.microbs.ecommerce.cart.api;

import java.util.Map;

/** A shopper's cart as another service reads it: product id → quantity (1–99; a product at 0 is not in it). */
public record Cart(Map<String, Integer> lines) {
  public Cart {
    lines = Map.copyOf(lines);
  }

  public boolean isEmpty() {
    return lines.isEmpty();
  }
}
