package io.microbs.ecommerce.product.api;

import io.microbs.ecommerce.platform.bus.ServiceException;
import java.util.regex.Pattern;

/** The one rule for product ids, which several services read: 8 hex characters, kept in lower case. */
public final class ProductId {
  private static final Pattern PRODUCT_ID = Pattern.compile("[0-9a-fA-F]{8}");

  private ProductId() {
  }

  /** The id in canonical (lower) case; anything else is a 400. */
  public static String parse(Object value) {
    if (value instanceof String text && PRODUCT_ID.matcher(text).matches()) {
      return text.toLowerCase();
    }
    throw ServiceException.badRequest("product ids are 8 hex characters");
  }
}
