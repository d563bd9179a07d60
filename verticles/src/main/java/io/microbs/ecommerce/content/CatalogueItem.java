package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.Csv;
import io.microbs.ecommerce.platform.data.Resources;
import java.util.List;

/** What the content service knows of a product: enough to draw its picture and to name its file. */
record CatalogueItem(String id, String name, String filename, String description, String type, String temperature,
    boolean alcoholic) {
  private static final String SEED = "seed/products.csv";
  private static final int COLUMNS = 10;

  /** The 32 products of the seed catalogue. Reads a resource: blocking. */
  static List<CatalogueItem> fromSeed() {
    return Csv.rows(Resources.text(SEED), COLUMNS).stream()
        .map(cells -> new CatalogueItem(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(9), cells.get(8),
            "alcoholic".equals(cells.get(7))))
        .toList();
  }

  boolean cold() {
    return "cold".equals(temperature);
  }
}
