package io.microbs.ecommerce;

import io.microbs.ecommerce.apigateway.ApiGatewayVerticle;
import io.microbs.ecommerce.cart.CartVerticle;
import io.microbs.ecommerce.checkout.CheckoutVerticle;
import io.microbs.ecommerce.content.ContentVerticle;
import io.microbs.ecommerce.loadgen.service.LoadgenAdmin;
import io.microbs.ecommerce.loadgen.service.LoadgenVerticle;
import io.microbs.ecommerce.payment.PaymentVerticle;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.variants.ReadinessFailure;
import io.microbs.ecommerce.platform.variants.TrafficSpike;
import io.microbs.ecommerce.platform.variants.VariantsAdmin;
import io.microbs.ecommerce.product.ProductVerticle;
import io.microbs.ecommerce.webgateway.WebGatewayVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The one list of services: which verticle is each service's front door, and how many instances it runs. */
final class Services {
  /** How to make a service's verticle from the configuration (it is handed only its slices), and whether it runs per core. */
  private record Entry(BiFunction<Config, HealthChecks, Deployable> verticle, boolean perCore) {
  }

  private static final Map<Service, Entry> ENTRIES = new EnumMap<>(Service.class);

  static {
    // Gateways parse HTTP, the heaviest per-request work, so they get an event loop per core.
    ENTRIES.put(Service.API_GATEWAY, new Entry((config, readiness) ->
        new ApiGatewayVerticle(config.ports(), config.http(), config.timeouts()), true));
    ENTRIES.put(Service.WEB_GATEWAY, new Entry((config, readiness) -> new WebGatewayVerticle(config.ports(), config.http(),
        config.timeouts(), config.data().sessionData(), config.webGateway(), readiness), true));
    ENTRIES.put(Service.PRODUCT, new Entry((config, readiness) ->
        new ProductVerticle(config.data().productData(), readiness), false));
    ENTRIES.put(Service.CART, new Entry((config, readiness) ->
        new CartVerticle(config.data().cartData(), config.cart(), config.timeouts(), readiness), false));
    ENTRIES.put(Service.CHECKOUT, new Entry((config, readiness) ->
        new CheckoutVerticle(config.data().productData(), config.timeouts(), config.checkout(), readiness), false));
    ENTRIES.put(Service.LOADGEN, new Entry((config, readiness) -> new LoadgenVerticle(config.synthetics().target(),
        config.synthetics().users(), config.synthetics().thinkTime()), false));
    ENTRIES.put(Service.PAYMENT, new Entry((config, readiness) ->
        new PaymentVerticle(config.data().productData(), readiness), false));
    ENTRIES.put(Service.CONTENT, new Entry((config, readiness) -> new ContentVerticle(config.content()), false));
  }

  private Services() {
  }

  static boolean isBuilt(Service service) {
    return ENTRIES.containsKey(service);
  }

  static Deployable verticle(Service service, Config config, HealthChecks readiness) {
    return ENTRIES.get(service).verticle.apply(config, readiness);
  }

  /** The admin APIs the management server mounts for this JVM, by path: the variants', and the loadgen's when it runs here. */
  static Map<String, Function<Vertx, Router>> adminRoutes(List<Service> services) {
    // "/loadgen*", not "/loadgen/*": the bare /loadgen (its status) must route too
    Function<Vertx, Router> variants = VariantsAdmin::router;
    return services.contains(Service.LOADGEN)
        ? Map.of("/variants*", variants, "/loadgen*", LoadgenAdmin::router)
        : Map.of("/variants*", variants);
  }

  /**
   * What the variants steer beyond the services' own code: this JVM's readiness, and the traffic
   * spike, through the loadgen's command address.
   */
  static void steerByVariants(Vertx vertx, List<Service> services, HealthChecks readiness) {
    ReadinessFailure.attach(vertx, readiness);
    if (services.contains(Service.LOADGEN)) {
      TrafficSpike.steer(vertx, LoadgenVerticle.ADDRESS);
    }
  }

  static int instances(Service service) {
    return ENTRIES.get(service).perCore ? Runtime.getRuntime().availableProcessors() : 1;
  }
}
