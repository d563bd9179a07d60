package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.data.Resources;
import java.util.List;

/** What the content service knows of a product: enough to draw its picture and to name its file. */
record CatalogueItem(String id, String name, String filename, String description, String type, String temperature,
    boolean alcoholic) {

  /** The 32 products of the seed catalogue. Reads a resource: blocking. */
  static List<CatalogueItem> fromSeed() {
    return Resources.csvRecords("seed/products.csv").stream()
        .map(row -> new CatalogueItem(row.get("id"), row.get("name"), row.get("filename"), row.get("description"),
            row.get("type"), row.get("temperature"), "alcoholic".equals(row.get("alcoholic"))))
        .toList();
  }

  boolean cold() {
    return "cold".equals(temperature);
  }
}
