package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.data.Resources;
import java.util.List;

/** What the content service knows of a product: the name of its image's file. */
record CatalogueItem(String filename) {

  /** The 32 products of the seed catalogue. Reads a resource: blocking. */
  static List<CatalogueItem> fromSeed() {
    return Resources.csvRecords("seed/products.csv").stream()
        .map(row -> new CatalogueItem(row.get("filename")))
        .toList();
  }
}
