package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.bus.Service;
import io.vertx.core.http.HttpMethod;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call of the services the storefront makes, the only ones the public face brokers: the
 * catalogue's searches and documents, the cart, checkout and the shopper's own orders, the images.
 * Any other {@code /api} path is a 404 there (the api gateway, internal, brokers every service).
 * A route that changes the shopper's state starts a session when there is none; a read never does.
 * The images are the same for everyone: like the storefront's static files, they never touch a
 * session (a Redis round trip saved on a third of the storefront's requests).
 *
 * @param path the path on the service, as its router names it ({@code /:productId/:quantity})
 */
record PublicApi(HttpMethod method, Service service, String path, Session session) {
  /** What a route does with the shopper's session. */
  enum Session {
    /** none is needed: the answer is everyone's */
    NONE,
    /** the answer is everyone's, but the live one's expiry is pushed back as on every request with a session */
    REFRESH,
    /** the live one if any, never a new one; without one, the answer is an empty session's */
    READ,
    /** the live one, or a new one */
    CHANGE
  }

  static final List<PublicApi> ROUTES = List.of(
      catalogue(HttpMethod.GET, "/documents"),
      catalogue(HttpMethod.POST, "/documents"),
      catalogue(HttpMethod.GET, "/search"),
      catalogue(HttpMethod.POST, "/search"),
      catalogue(HttpMethod.GET, "/suggestions"),
      catalogue(HttpMethod.POST, "/suggestions"),
      read(HttpMethod.POST, Service.CART, "/"),
      change(HttpMethod.DELETE, Service.CART, "/"),
      change(HttpMethod.PUT, Service.CART, "/:productId/:quantity"),
      change(HttpMethod.POST, Service.CART, "/:productId"),
      change(HttpMethod.DELETE, Service.CART, "/:productId"),
      change(HttpMethod.POST, Service.CHECKOUT, "/process"),
      read(HttpMethod.GET, Service.CHECKOUT, "/orders/:orderId"),
      new PublicApi(HttpMethod.GET, Service.CONTENT, "/:filename", Session.NONE));

  private static PublicApi catalogue(HttpMethod method, String path) {
    return new PublicApi(method, Service.PRODUCT, path, Session.REFRESH);
  }

  private static PublicApi read(HttpMethod method, Service service, String path) {
    return new PublicApi(method, service, path, Session.READ);
  }

  private static PublicApi change(HttpMethod method, Service service, String path) {
    return new PublicApi(method, service, path, Session.CHANGE);
  }

  /** One route per path on the gateway. */
  static Collection<PublicApi> byPath() {
    Map<String, PublicApi> byPath = new LinkedHashMap<>();
    ROUTES.forEach(route -> byPath.putIfAbsent(route.gatewayPath(), route));
    return byPath.values();
  }

  /**
   * Whether the time of its answer tells the shop's load ({@link Overload}): a call with a session
   * goes to the data behind it, but the checkout waits for the payment whatever the load, and the
   * images, everyone's and answered from memory, are quick even while every other call waits (as
   * the quickest answer of every interval, they hid the overload).
   */
  boolean tellsTheLoad() {
    return session != Session.NONE && !waitsForThePayment();
  }

  /** The checkout, which takes as long as the payment does (most of a second, by design), whatever the load. */
  boolean waitsForThePayment() {
    return service == Service.CHECKOUT && method == HttpMethod.POST;
  }

  /** Where the service is on the gateway: {@code /api/v1/<service>}. */
  String prefix() {
    return "/api/v1/" + service.serviceName();
  }

  /** The route's path on the gateway. */
  String gatewayPath() {
    return path.equals("/") ? prefix() : prefix() + path;
  }
}
