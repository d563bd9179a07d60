package io.microbs.ecommerce.content;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** The content service's fault seam, the one place its code meets the variants: {@code slow-images} delays every image. */
final class ContentFaults {
  private final Vertx vertx;
  private final Snapshot variants;

  ContentFaults(Vertx vertx) {
    this.vertx = vertx;
    this.variants = Snapshot.of(vertx);
  }

  /** {@code image}, later by {@code delay_ms} (on a timer) while {@code slow-images} is on. */
  Future<ContentImage> delayed(Future<ContentImage> image) {
    return variants.activeFor(Variant.SLOW_IMAGES, Service.CONTENT)
        .map(slow -> {
          slow.mark(Span.current());
          return image.compose(found -> vertx.timer(slow.integer("delay_ms")).map(found));
        })
        .orElse(image);
  }
}
