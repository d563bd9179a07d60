package io.microbs.ecommerce.product;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/** The catalogue's SQL, all parameterised, and how a row becomes the reference's JSON object. */
final class ProductQueries {
  private static final String COLUMNS = "alcoholic, category, description, filename, id, name, price, rating, reviews, temperature, type";
  /** Ties broken deterministically, so the home page's top six never change between runs. */
  private static final String RANKING = " ORDER BY rating DESC NULLS LAST, reviews DESC NULLS LAST, id";

  static final String ALL = "SELECT " + COLUMNS + " FROM products" + RANKING;
  static final String BY_IDS = "SELECT " + COLUMNS + " FROM products WHERE id = ANY($1)" + RANKING;
  /** The best rated products; $1 the row limit (NULL: all). What an empty search asks for, without matching every row twice. */
  static final String TOP = ALL + " LIMIT $1";
  /** $1 is an ILIKE pattern whose own wildcards are escaped; $2 the row limit (NULL: all). */
  static final String SEARCH = "SELECT " + COLUMNS + " FROM products WHERE name ILIKE $1 OR description ILIKE $1" + RANKING
      + " LIMIT $2";
  /**
   * The {@code sql-syntax-error} variant's query, as the reference's broken build wrote it: the ids
   * inside double quotes, which PostgreSQL reads as a column's name and refuses. The ids are checked
   * product ids (8 hex characters), so nothing can be injected through them.
   */
  static String malformedByIds(List<String> ids) {
    return "SELECT " + COLUMNS + " FROM products WHERE id IN ( \"'" + String.join("','", ids) + "'\" )" + RANKING;
  }

  /** What the {@code slow-queries} variant runs before a query, on the same connection. */
  static final String SLEEP = "SELECT pg_sleep($1)";
  static final String SEED = "INSERT INTO products (id, name, filename, description, price, rating, reviews, alcoholic, "
      + "temperature, type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING";

  private ProductQueries() {
  }

  /** A search term matched literally: {@code %}, {@code _} and {@code \} lose their pattern meaning. */
  static String containsPattern(String term) {
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  static JsonArray toJson(RowSet<Row> rows) {
    JsonArray products = new JsonArray();
    for (Row row : rows) {
      products.add(toJson(row));
    }
    return products;
  }

  /** Keys in the reference's (sorted) order; {@code price} and {@code rating} stay floats as there. */
  private static JsonObject toJson(Row row) {
    return new JsonObject()
        .put("alcoholic", row.getString(0))
        .put("category", row.getString(1))
        .put("description", row.getString(2))
        .put("filename", row.getString(3))
        .put("id", row.getString(4))
        .put("name", row.getString(5))
        .put("price", row.getDouble(6))
        .put("rating", row.getDouble(7))
        .put("reviews", row.getInteger(8))
        .put("temperature", row.getString(9))
        .put("type", row.getString(10));
  }
}
