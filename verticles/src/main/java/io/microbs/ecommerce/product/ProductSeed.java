package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.data.Resources;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The catalogue's seed rows, read from {@code seed/products.csv} (the reference's file, verbatim). */
final class ProductSeed {
  private ProductSeed() {
  }

  /** One tuple per row, in the order of {@link ProductQueries#SEED}. Reads a resource: blocking. */
  static List<Tuple> rows() {
    return Resources.csvRecords("seed/products.csv").stream()
        .map(row -> Tuple.of(row.get("id"), row.get("name"), row.get("filename"), row.get("description"),
            Double.valueOf(row.get("price")), Double.valueOf(row.get("rating")), Integer.valueOf(row.get("reviews")),
            row.get("alcoholic"), row.get("temperature"), row.get("type")))
        .toList();
  }
}
