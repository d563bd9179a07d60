package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/**
 * What every HTTP server of the shop (both gateways, the management port) holds a connection to.
 *
 * @param requestTimeout how long a request may take to arrive, headers and body, once its first byte has
 *     ({@code HTTP_REQUEST_TIMEOUT_SECONDS}); a connection that has not delivered it by then is closed
 * @param idleTimeout how long a connection may sit without traffic ({@code HTTP_IDLE_TIMEOUT_SECONDS})
 * @param maxConnections connections a server holds at once; more are closed as they arrive ({@code HTTP_MAX_CONNECTIONS})
 * @param http2Cleartext whether HTTP/2 without TLS (h2c) is spoken ({@code HTTP2_CLEARTEXT})
 */
public record HttpLimits(Duration requestTimeout, Duration idleTimeout, int maxConnections, boolean http2Cleartext) {

  public static HttpLimits from(Variables vars) {
    return new HttpLimits(Duration.ofSeconds(vars.positiveInt("HTTP_REQUEST_TIMEOUT_SECONDS", 10)),
        Duration.ofSeconds(vars.positiveInt("HTTP_IDLE_TIMEOUT_SECONDS", 60)),
        vars.positiveInt("HTTP_MAX_CONNECTIONS", 4_096),
        vars.flag("HTTP2_CLEARTEXT", false));
  }
}
