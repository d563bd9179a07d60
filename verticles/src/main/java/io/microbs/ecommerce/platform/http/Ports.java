package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.config.Variables;

/** Where the shop's HTTP servers listen ({@code SERVICE_BIND_HOST}, {@code *_PORT}). */
public record Ports(String bindHost, int webGateway, int apiGateway, int management) {

  public static Ports from(Variables vars) {
    return new Ports(vars.text("SERVICE_BIND_HOST", "0.0.0.0"), vars.port("WEB_GATEWAY_PORT", 8080),
        vars.port("API_GATEWAY_PORT", 8081), vars.port("MANAGEMENT_PORT", 8082));
  }
}
