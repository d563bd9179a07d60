package io.microbs.ecommerce.loadgen.flow;

import io.microbs.ecommerce.loadgen.engine.Flow;

/** The flows the loadgen can follow. */
public final class Flows {
  private Flows() {
  }

  /** The reference's synthetics: a new browser that shops, checks out and pays. */
  public static Flow shopper() {
    return new ShopperFlow();
  }

  /** The flow {@code --flow} names: {@code shopper}, {@code reference} or {@code search}. */
  public static Flow named(String name) {
    return switch (name) {
      case "shopper" -> new ShopperFlow();
      case "reference" -> new ReferenceFlow();
      case "search" -> new SearchFlow();
      default -> throw new IllegalArgumentException("unknown flow '" + name + "': use shopper, reference or search");
    };
  }
}
