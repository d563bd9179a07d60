package io.microbs.ecommerce.webgateway;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.http.HttpBridge;
import io.microbs.ecommerce.platform.observability.Refusals;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What the public face lets clients do: each client's request rate (429 beyond it, with
 * {@code Retry-After}), the requests in flight across all clients (503 at once beyond it, rather than
 * queue without end), and each client's rate of new sessions. A new visit is admitted only while few
 * prompt requests are in flight (all but the checkouts waiting for the payment, slow by design) and
 * the gateway is within its capacity ({@link Overload}), so that an overload refuses visits at their
 * start, not halfway through, and the visits under way keep the shop's time. A client is its remote
 * address, or the first {@code X-Forwarded-For} hop when the gateway is told to trust it (behind a
 * proxy that sets it).
 * One per gateway, shared by its instances; every refusal is counted in {@code /metrics} and on its span.
 */
final class PublicLimits implements Shareable {
  private static final String SHARED = "ecommerce.web-gateway.limits";
  private static final String FORWARDED_FOR = "x-forwarded-for";
  private static final String TELLS_THE_LOAD = "ecommerce.tells-the-load";
  private static final String WAITS_FOR_THE_PAYMENT = "ecommerce.waits-for-the-payment";

  private final WebGatewaySettings.ClientLimits settings;
  private final TokenBuckets requests;
  private final TokenBuckets newSessions;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** The requests in flight but the checkouts waiting for the payment ({@link #waitsForThePayment}). */
  private final AtomicInteger promptInFlight = new AtomicInteger();
  /** Whether more than {@code newVisitInFlight} prompt requests have stayed in flight beyond a stall's burst. */
  private final Crowding crowding;
  private final Overload overload;
  /** Every reason the web gateway refuses a request for, beside those of every HTTP server (connections, timeouts). */
  private final Refusals refusals = new Refusals(Service.WEB_GATEWAY.serviceName(),
      List.of("rate_limited", "sessions_rate_limited", "overloaded", "overloaded_new_visit", "cross_site"));

  private PublicLimits(WebGatewaySettings.ClientLimits settings) {
    this.settings = settings;
    this.requests = new TokenBuckets(settings.requestsPerSecond(), settings.requestBurst());
    this.newSessions = new TokenBuckets(settings.sessionsPerSecond(), settings.sessionBurst());
    this.crowding = new Crowding(settings.newVisitInFlight(), Crowding.PATIENCE, System::nanoTime);
    this.overload = new Overload(settings.overloadLatency(), settings.overloadInterval());
  }

  /** The limits of the web gateway of {@code vertx}, made by its first instance. */
  static PublicLimits of(Vertx vertx, WebGatewaySettings.ClientLimits settings) {
    return vertx.sharedData().<String, PublicLimits>getLocalMap(SHARED).computeIfAbsent(SHARED, key -> new PublicLimits(settings));
  }

  /**
   * Refuses a request beyond its client's rate, one beyond the requests in flight, or one that would
   * start a visit ({@code startsAVisit}: it has no session; asked only while more than
   * {@code newVisitInFlight} prompt requests have stayed in flight beyond a stall's burst ({@link Crowding})
   * or the gateway is past its capacity ({@link Overload}), as it costs a signature check); else counts it
   * in flight until it ends, and the time from here to its answer when its route {@link #timeTheAnswer times it}.
   */
  void admit(RoutingContext ctx, Predicate<RoutingContext> startsAVisit) {
    long wait = requests.take(client(ctx.request()));
    if (wait > 0) {
      refuse(ctx, 429, "rate_limited", wait, "too many requests from this client; retry after " + wait + " s");
      return;
    }
    if (inFlight.incrementAndGet() > settings.maxInFlight()) {
      inFlight.decrementAndGet();
      refuse(ctx, 503, "overloaded", 1, "the shop is busy; retry in a moment");
      return;
    }
    int prompt = promptInFlight.incrementAndGet();
    if ((crowding.crowded(prompt) || overload.isOverloaded()) && startsAVisit.test(ctx)) {
      inFlight.decrementAndGet();
      promptInFlight.decrementAndGet();
      refuse(ctx, 503, "overloaded_new_visit", 1, "the shop is busy; retry in a moment");
      return;
    }
    long started = System.nanoTime();
    ctx.addEndHandler(ended -> {
      inFlight.decrementAndGet();
      if (ctx.get(WAITS_FOR_THE_PAYMENT) == null) {
        promptInFlight.decrementAndGet();
      }
      if (ctx.get(TELLS_THE_LOAD) != null && ctx.response().getStatusCode() < 400) {
        overload.answered(System.nanoTime() - started);
      }
    });
    ctx.next();
  }

  /** A route's handler: the time of the request's answer tells the load ({@link PublicApi#tellsTheLoad}). */
  void timeTheAnswer(RoutingContext ctx) {
    ctx.put(TELLS_THE_LOAD, Boolean.TRUE);
    ctx.next();
  }

  /** A route's handler: the request waits for the payment ({@link PublicApi#waitsForThePayment}), so it is not a prompt one. */
  void waitsForThePayment(RoutingContext ctx) {
    ctx.put(WAITS_FOR_THE_PAYMENT, Boolean.TRUE);
    promptInFlight.decrementAndGet();
    ctx.next();
  }

  /** Takes one of the client's new sessions: 0 when it may start one, else the seconds until it may (the refusal counted). */
  long newSessionWait(RoutingContext ctx) {
    long wait = newSessions.take(client(ctx.request()));
    if (wait > 0) {
      refusals.count("sessions_rate_limited", Span.current());
    }
    return wait;
  }

  /** Answers a refused request in the shop's error shape, with {@code Retry-After} when {@code retryAfter} is positive. */
  void refuse(RoutingContext ctx, int status, String reason, long retryAfter, String error) {
    refusals.count(reason, Span.current());
    if (retryAfter > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
    HttpBridge.reply(ctx.response(), ServiceResponse.failure(status, error));
  }

  /** Drops the token buckets of clients that have been away long enough to have a full one again. */
  void forgetIdleClients() {
    requests.forgetFull();
    newSessions.forgetFull();
  }

  private String client(HttpServerRequest request) {
    if (settings.trustForwardedFor()) {
      String forwarded = request.getHeader(FORWARDED_FOR);
      if (forwarded != null) {
        int comma = forwarded.indexOf(',');
        String first = (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
        if (!first.isEmpty()) {
          return first;
        }
      }
    }
    return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
  }
}
