package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.config.Variables;

/**
 * The built-in synthetics, the loadgen run as the shop's service: the web gateway they shop at, how many
 * users, and the scale of their pauses. As the reference's: the web gateway by {@code SERVICE_HOST_WEB_GATEWAY}
 * and {@code SERVICE_PORT_WEB_GATEWAY}, {@code NUM_VIRTUAL_USERS} (2) per instance, {@code LOADGEN_THINK_TIME}.
 */
public record SyntheticsSettings(String target, int users, double thinkTime) {

  /** {@code webGatewayPort}: where this JVM's own web gateway listens, the target's port unless one is named. */
  public static SyntheticsSettings from(Variables vars, int webGatewayPort) {
    return new SyntheticsSettings("http://" + vars.text("SERVICE_HOST_WEB_GATEWAY", "127.0.0.1") + ":"
            + vars.port("SERVICE_PORT_WEB_GATEWAY", webGatewayPort),
        vars.number("NUM_VIRTUAL_USERS", 2, 0, 10_000),
        vars.decimal("LOADGEN_THINK_TIME", 1.0));
  }
}
