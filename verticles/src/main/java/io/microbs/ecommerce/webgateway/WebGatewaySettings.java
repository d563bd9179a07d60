package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.config.RandomSecret;
import io.microbs.ecommerce.platform.config.Variables;
import java.time.Duration;

/** What the web gateway is configured with, beyond the HTTP settings every server shares. */
public record WebGatewaySettings(Sessions sessions, ClientLimits clientLimits) {

  /** The sessions: idle lifetime and the cookie's signing key ({@code SESSION_*}). */
  public record Sessions(Duration ttl, String secret, boolean secretGenerated) {
    @Override
    public String toString() {
      return "Sessions[ttl=" + ttl + "]"; // never the secret
    }
  }

  /**
   * What the gateway lets one client do, and all of them at once ({@code WEB_GATEWAY_*}). A client is
   * the remote address, or the first {@code X-Forwarded-For} hop when {@code trustForwardedFor}.
   *
   * @param requestsPerSecond the rate of a client's token bucket, {@code requestBurst} its size
   * @param sessionsPerSecond how many new sessions a client may start a second, {@code sessionBurst} at once
   * @param maxInFlight requests the gateway works on at once; more are refused at once (503)
   * @param newVisitInFlight prompt requests (all but the checkouts waiting for the payment) in flight beyond
   *     which, for more than a stall's burst, a new visit is refused (503): the rest of the shop's time is kept
   *     for the visits under way
   * @param overloadLatency when even the quickest storefront call of an {@code overloadInterval} took
   *     longer, the gateway is past its capacity and refuses new visits (503) until one is back under it
   */
  public record ClientLimits(int requestsPerSecond, int requestBurst, int sessionsPerSecond, int sessionBurst,
      int maxInFlight, int newVisitInFlight, Duration overloadLatency, Duration overloadInterval, boolean trustForwardedFor) {
  }

  public static WebGatewaySettings from(Variables vars) {
    return new WebGatewaySettings(sessions(vars), clientLimits(vars));
  }

  private static Sessions sessions(Variables vars) {
    String secret = vars.text("SESSION_SECRET", "");
    if (!secret.isEmpty() && secret.length() < 16) {
      throw new ConfigException("SESSION_SECRET must be at least 16 characters");
    }
    Duration ttl = Duration.ofSeconds(vars.positiveInt("SESSION_TTL_SECONDS", 300));
    return secret.isEmpty() ? new Sessions(ttl, RandomSecret.hex(32), true) : new Sessions(ttl, secret, false);
  }

  /**
   * Defaults far above what a shopper does (a page is about 15 requests and one session) and above
   * what the built-in loadgen makes from its one address at its documented loads (50 users without
   * think time, the 900-user spike), by a wide margin.
   */
  private static ClientLimits clientLimits(Variables vars) {
    return new ClientLimits(
        vars.positiveInt("WEB_GATEWAY_REQUESTS_PER_SECOND", 5_000),
        vars.positiveInt("WEB_GATEWAY_REQUEST_BURST", 10_000),
        vars.positiveInt("WEB_GATEWAY_SESSIONS_PER_SECOND", 500),
        vars.positiveInt("WEB_GATEWAY_SESSION_BURST", 1_000),
        vars.positiveInt("WEB_GATEWAY_MAX_IN_FLIGHT", 1_000),
        // sized for 2 cores: low enough that past capacity new visits are refused before requests queue (a limit in
        // the hundreds lets them queue first, and the refusals come late), above what the shop holds in flight below
        // its capacity; raise it where a request's hops take longer, as between pods
        vars.positiveInt("WEB_GATEWAY_NEW_VISIT_IN_FLIGHT", 24),
        // sized for 2 cores: well above what a storefront call takes there below capacity, so when even the quickest
        // of ten takes this long, requests are queueing
        Duration.ofMillis(vars.positiveInt("WEB_GATEWAY_OVERLOAD_LATENCY_MS", 50)),
        Duration.ofMillis(vars.positiveInt("WEB_GATEWAY_OVERLOAD_INTERVAL_MS", 100)),
        vars.flag("WEB_GATEWAY_TRUST_FORWARDED_FOR", false));
  }
}
