package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.data.Resources;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/**
 * The images the build drew (verticles-build/product-images), one per product of the seed catalogue,
 * read into memory once. Requests are answered from this map only, so no request can make the
 * service read anything else.
 */
final class LocalImages {
  static final String FOLDER = "content/images/";

  private LocalImages() {
  }

  /** File name → image for every product. Reads resources: blocking. */
  static Map<String, ContentImage> load() {
    Map<String, ContentImage> images = new HashMap<>();
    for (CatalogueItem item : CatalogueItem.fromSeed()) {
      Buffer bytes = Buffer.buffer(Resources.bytes(FOLDER + item.filename()));
      images.put(item.filename(), ContentImage.of(bytes, ContentImage.JPEG));
    }
    return Map.copyOf(images);
  }
}
