package io.microbs.ecommerce.loadgen.engine;

import io.netty.handler.codec.http.cookie.Cookie;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.ext.web.client.spi.CookieStore;
import java.net.ConnectException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;

/**
 * One visit of the shop, as one new browser makes it: its own cookie jar, requests one after
 * another, think time between steps. Every request is timed and checked and counted for its step;
 * the first failed step ends the visit, as a user gives up on a broken page.
 *
 * <p>The first request is timed from the visit's intended start, so when the loadgen or the
 * connection pool falls behind the schedule, that wait counts as latency (no coordinated omission).
 */
public final class Visit {
  /** How a visit ends early; no stack trace, it is control flow. */
  static final class Ended extends RuntimeException {
    private Ended(String message) {
      super(message, null, false, false);
    }
  }

  /** The user was told to leave (ramp-down, stop); not a failure. */
  static final Ended LEFT = new Ended("the user left");
  /** A step failed; it was counted for that step. */
  static final Ended STEP_FAILED = new Ended("a step failed");
  /** The shop refused a step's request (it sheds load); counted as refused for that step, not as a failure. */
  static final Ended REFUSED = new Ended("the shop refused a request");

  private static final String JSON = "application/json";

  private final Vertx vertx;
  private final WebClient browser;
  private final CookieStore cookies;
  private final Target target;
  private final Stats stats;
  private final long intendedStart;
  private final long timeoutMillis;
  private final double thinkTime;
  private boolean firstRequest = true;
  private boolean left;
  private long pauseTimer;
  private Promise<Void> pause;
  /** How long the shop asked to wait ({@code Retry-After}) when it refused this visit's request. */
  private long retryAfterMillis;

  /**
   * @param withCookies a new cookie jar for this visit (a new browser), or none for flows that need no session
   * @param thinkTime   the scale of the pauses between steps: 1 is uniform 1–3 s, 0 none
   */
  Visit(Vertx vertx, WebClient client, boolean withCookies, Target target, Stats stats, long intendedStart,
        long timeoutMillis, double thinkTime) {
    this.vertx = vertx;
    if (withCookies) {
      WebClientSession session = WebClientSession.create(client);
      this.browser = session;
      this.cookies = session.cookieStore();
    } else {
      this.browser = client;
      this.cookies = null;
    }
    this.target = target;
    this.stats = stats;
    this.intendedStart = intendedStart;
    this.timeoutMillis = timeoutMillis;
    this.thinkTime = thinkTime;
  }

  private static final String SYNTHETIC = "synthetic_request=true";

  public HttpRequest<Buffer> get(String path) {
    return request(HttpMethod.GET, path);
  }

  public HttpRequest<Buffer> post(String path) {
    return request(HttpMethod.POST, path).putHeader("content-type", JSON);
  }

  public HttpRequest<Buffer> put(String path) {
    return request(HttpMethod.PUT, path).putHeader("content-type", JSON);
  }

  /** Every request says it is synthetic, as the OpenTelemetry demo's load generator does, so traces can tell. */
  private HttpRequest<Buffer> request(HttpMethod method, String path) {
    return browser.request(method, target.path(path)).timeout(timeoutMillis).putHeader("baggage", SYNTHETIC);
  }

  /**
   * Sends a request of {@code step} (with {@code body}, or none when null), records its latency
   * and outcome, and gives what {@code expectation} read from the response. Fails with
   * {@link #STEP_FAILED} when the request or the check failed, {@link #REFUSED} when the shop
   * refused it, or {@link #LEFT} when the user left.
   */
  public <T> Future<T> send(Step step, HttpRequest<Buffer> request, Buffer body, Expectation<T> expectation) {
    if (left) {
      return Future.failedFuture(LEFT);
    }
    long start = firstRequest ? intendedStart : System.nanoTime();
    firstRequest = false;
    Future<HttpResponse<Buffer>> response = body == null ? request.send() : request.sendBuffer(body);
    return response.transform(result -> {
      long micros = (System.nanoTime() - start) / 1_000;
      if (result.failed()) {
        stats.request(step, micros, describe(result.cause()));
        return Future.failedFuture(STEP_FAILED);
      }
      if (refused(result.result())) {
        stats.refusal(step, micros);
        retryAfterMillis = retryAfterMillis(result.result().getHeader("retry-after"));
        return Future.failedFuture(REFUSED);
      }
      T value;
      try {
        value = expectation.read(result.result());
      } catch (UnexpectedResponse e) {
        stats.request(step, micros, e.getMessage());
        return Future.failedFuture(STEP_FAILED);
      } catch (RuntimeException e) {
        // A body of the wrong shape (a string where an object belongs, …) is the shop's fault, not the visit's.
        stats.request(step, micros, "unexpected body: " + describe(e));
        return Future.failedFuture(STEP_FAILED);
      }
      stats.request(step, micros, null);
      return Future.succeededFuture(value);
    });
  }

  /**
   * A refusal as the shop's hardening specifies it: 503 (too busy) or 429 (this client's rate) with
   * {@code Retry-After}. Without the header it is an error, as any other 5xx or 4xx.
   */
  static boolean refused(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    return (status == 503 || status == 429) && response.getHeader("retry-after") != null;
  }

  /** {@code Retry-After} in seconds (the shop sends no dates), within 1–60 s; 1 s when unreadable. */
  static long retryAfterMillis(String header) {
    try {
      return Math.min(60, Math.max(1, Long.parseLong(header.trim()))) * 1_000;
    } catch (NumberFormatException notSeconds) {
      return 1_000;
    }
  }

  /** The think time between two steps: uniform 1–3 s times the scale, none at scale 0; ends early when the user leaves. */
  public Future<Void> pause() {
    if (left) {
      return Future.failedFuture(LEFT);
    }
    if (thinkTime == 0) {
      return Future.succeededFuture();
    }
    return waitFor(Math.max(1, Math.round((1_000 + ThreadLocalRandom.current().nextDouble() * 2_000) * thinkTime)));
  }

  /**
   * What a person does before trying again after a visit that did not complete: waits as long as the
   * shop asked when it refused a request, or a pause after a failure. Without it a user whose visits
   * end at their first request would retry at once, thousands of times a second. Ends early when the
   * user leaves.
   */
  Future<Void> backOff(Throwable cause) {
    if (left || cause == LEFT) {
      return Future.succeededFuture();
    }
    return (cause == REFUSED ? waitFor(retryAfterMillis) : pause()).recover(interrupted -> Future.succeededFuture());
  }

  private Future<Void> waitFor(long millis) {
    Promise<Void> promise = Promise.promise();
    pause = promise;
    pauseTimer = vertx.setTimer(millis, id -> {
      pause = null;
      promise.complete();
    });
    return promise.future();
  }

  /** Ends the visit at its next step: a pause stops at once, a request in flight is still waited for and counted. */
  void leave() {
    left = true;
    if (pause != null) {
      vertx.cancelTimer(pauseTimer);
      Promise<Void> interrupted = pause;
      pause = null;
      interrupted.fail(LEFT);
    }
  }

  boolean hasLeft() {
    return left;
  }

  long intendedStart() {
    return intendedStart;
  }

  /** The numbers this visit counts in. */
  Stats stats() {
    return stats;
  }

  /** The value of a cookie the shop set in this browser, or null. */
  public String cookie(String name) {
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies.get(target.ssl(), target.host(), target.path("/"))) {
      if (cookie.name().equals(name)) {
        return cookie.value();
      }
    }
    return null;
  }

  /** A short reason for a request that got no response, the same for the same cause so they can be counted together. */
  static String describe(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "timeout";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof HttpClosedException) {
      return "connection closed";
    }
    String message = cause.getMessage();
    if (message != null && message.length() > 100) {
      message = message.substring(0, 100) + "…";
    }
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
