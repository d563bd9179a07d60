package io.microbs.ecommerce.platform.bus;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The services of the shop: their public names (as in {@code /api/v1/<name>}) and their event-bus addresses. */
public enum Service {
  API_GATEWAY("api-gateway"),
  WEB_GATEWAY("web-gateway"),
  PRODUCT("product"),
  CART("cart"),
  CHECKOUT("checkout"),
  PAYMENT("payment"),
  CONTENT("content"),
  LOADGEN("loadgen");

  private final String serviceName;
  private final String address;

  Service(String serviceName) {
    this.serviceName = serviceName;
    this.address = "ecommerce." + serviceName;
  }

  /** The name users write: {@code SERVICES=cart}, {@code /api/v1/cart}, {@code service.name=cart}. */
  public String serviceName() {
    return serviceName;
  }

  /** Where the service listens for HTTP-shaped requests on the event bus. */
  public String address() {
    return address;
  }

  /** The HTTP front doors, which route to the others. */
  public boolean isGateway() {
    return this == API_GATEWAY || this == WEB_GATEWAY;
  }

  /** Whether {@code /api/v1/<name>} reaches it: the gateways and the synthetics are not behind the gateways. */
  public boolean isRoutable() {
    return !isGateway() && this != LOADGEN;
  }

  public static Optional<Service> named(String name) {
    for (Service service : values()) {
      if (service.serviceName.equals(name)) {
        return Optional.of(service);
      }
    }
    return Optional.empty();
  }

  public static String allNames() {
    return Arrays.stream(values()).map(Service::serviceName).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return serviceName;
  }
}
