package io.microbs.ecommerce.product;

import io.microbs.ecommerce.platform.Csv;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/**
 * The catalogue's seed rows, read from {@code seed/products.csv} (the reference's file, verbatim).
 * As PostgreSQL's {@code COPY … CSV} does, an unquoted empty cell is NULL.
 */
final class ProductSeed {
  private static final int COLUMNS = 10;

  private ProductSeed() {
  }

  /** One tuple per row, in the order of {@link ProductQueries#SEED}. */
  static List<Tuple> rows(String csv) {
    return Csv.rows(csv, COLUMNS).stream()
        .map(cells -> Tuple.of(cells.get(0), cells.get(1), cells.get(2), cells.get(3),
            Double.valueOf(cells.get(4)), Double.valueOf(cells.get(5)), Integer.valueOf(cells.get(6)),
            cells.get(7), cells.get(8), cells.get(9)))
        .toList();
  }
}
