package io.microbs.ecommerce.loadgen.flow;

import io.microbs.ecommerce.loadgen.engine.Step;

/** The shopper's steps, in the order a visit makes them: five groups, a pause after each. */
enum ShopperStep implements Step {
  HOME_PAGE("home: page"),
  HOME_SEARCH("home: search"),
  HOME_CART("home: cart"),
  HOME_IMAGES("home: images"),
  ADD_ITEM("add: put item"),
  ADD_CART("add: cart"),
  ADD_DETAILS("add: details"),
  CART_PAGE("cart: page"),
  CART_DETAILS("cart: details"),
  CART_IMAGE("cart: image"),
  CHECKOUT_PAGE("checkout: page"),
  CHECKOUT_CART("checkout: cart"),
  CHECKOUT_DETAILS("checkout: details"),
  /** The payment waits 0.5–1 s on purpose, as the reference's does. */
  PAY("pay: process") {
    @Override
    public boolean slowByDesign() {
      return true;
    }
  },
  PAY_CART("pay: cart");

  private final String label;

  ShopperStep(String label) {
    this.label = label;
  }

  @Override
  public String label() {
    return label;
  }
}
