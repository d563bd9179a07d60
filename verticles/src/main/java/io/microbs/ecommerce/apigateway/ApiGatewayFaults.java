package io.microbs.ecommerce.apigateway;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.variants.Snapshot;
import io.microbs.ecommerce.platform.variants.Variant;
import io.vertx.core.Vertx;

/** The api gateway's fault seam, the one place its code meets the variants: {@code bind-localhost} moves it to loopback. */
final class ApiGatewayFaults {
  /** Where {@code bind-localhost} moves the gateway. */
  private static final String LOOPBACK = "127.0.0.1";

  private final Snapshot variants;

  ApiGatewayFaults(Vertx vertx) {
    this.variants = Snapshot.of(vertx);
  }

  /** The address to listen on: {@code configured}, or loopback only while {@code bind-localhost} is on. */
  String host(String configured) {
    return variants.activeFor(Variant.BIND_LOCALHOST, Service.API_GATEWAY).isPresent() ? LOOPBACK : configured;
  }

  /** Runs {@code handler} on the caller's context after every switch; closing the result stops it. */
  AutoCloseable onChange(Runnable handler) {
    return variants.onChange(handler);
  }
}
