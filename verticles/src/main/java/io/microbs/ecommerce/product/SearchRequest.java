package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A validated {@code /search} or {@code /suggestions} body: {@code {"query":"…","page":{"size":n}}}, all optional.
 * {@code size} is 1–1000, "all" or null, said without {@code anyOf} (bounds apply to numbers only, the pattern to
 * strings only): an {@code anyOf} would check three branches on every search.
 */
record SearchRequest(String query, Integer size) {
  static final BodySchema SCHEMA = BodySchema.of("""
      {
        "type": "object",
        "properties": {
          "query": {
            "type": ["string", "null"], "maxLength": 200,
            "errorMessage": {"type": "query must be a string", "maxLength": "query must be at most 200 characters"}
          },
          "page": {
            "type": ["object", "null"],
            "errorMessage": "page must be an object like {\\"size\\":6}",
            "properties": {
              "size": {
                "type": ["integer", "string", "null"], "minimum": 1, "maximum": 1000, "pattern": "^all$",
                "errorMessage": "page.size must be a whole number from 1 to 1000 or \\"all\\""
              }
            }
          }
        }
      }
      """);

  static SearchRequest from(JsonObject body) {
    JsonObject page = body.getJsonObject("page");
    // null means every matching row, as the reference's "limit all"
    Object size = page == null ? null : page.getValue("size");
    // null, like no query at all, searches for everything
    String query = Objects.requireNonNullElse(body.getString("query"), "");
    if (query.indexOf('\u0000') >= 0) {
      throw ServiceException.badRequest("query must not contain the NUL character (U+0000)");
    }
    return new SearchRequest(query, size instanceof Number number ? number.intValue() : null);
  }
}
