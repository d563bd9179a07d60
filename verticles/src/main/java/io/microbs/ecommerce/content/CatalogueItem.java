package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.Csv;
import io.microbs.ecommerce.platform.Resources;
import java.util.List;

/** What the content service knows of a product: the name of its image's file. */
record CatalogueItem(String filename) {
  private static final String SEED = "seed/products.csv";
  private static final int COLUMNS = 10;

  /** The 32 products of the seed catalogue. Reads a resource: blocking. */
  static List<CatalogueItem> fromSeed() {
    return Csv.rows(Resources.text(SEED), COLUMNS).stream()
        .map(cells -> new CatalogueItem(cells.get(2)))
        .toList();
  }
}
