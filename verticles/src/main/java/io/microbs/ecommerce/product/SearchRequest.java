package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.json.JsonObject;

/** A validated {@code /search} or {@code /suggestions} body: {@code {"query":"…","page":{"size":n}}}, all optional. */
record SearchRequest(String query, Integer size) {
  static final int MAX_QUERY_LENGTH = 200;
  static final int MAX_PAGE_SIZE = 1000;

  static SearchRequest from(JsonObject body) {
    Object query = body.getValue("query");
    if (query != null && !(query instanceof String)) {
      throw ServiceException.badRequest("query must be a string");
    }
    String text = query == null ? "" : (String) query;
    if (text.length() > MAX_QUERY_LENGTH) {
      throw ServiceException.badRequest("query must be at most " + MAX_QUERY_LENGTH + " characters");
    }
    return new SearchRequest(text, size(body.getValue("page")));
  }

  /** The page size; null means every matching row, as the reference's {@code limit all}. */
  private static Integer size(Object page) {
    if (page == null) {
      return null;
    }
    if (!(page instanceof JsonObject object)) {
      throw ServiceException.badRequest("page must be an object like {\"size\":6}");
    }
    Object size = object.getValue("size");
    if (size == null || "all".equals(size)) {
      return null;
    }
    if ((size instanceof Integer || size instanceof Long) && ((Number) size).longValue() >= 1
        && ((Number) size).longValue() <= MAX_PAGE_SIZE) {
      return ((Number) size).intValue();
    }
    throw ServiceException.badRequest("page.size must be a whole number from 1 to " + MAX_PAGE_SIZE + " or \"all\"");
  }
}
