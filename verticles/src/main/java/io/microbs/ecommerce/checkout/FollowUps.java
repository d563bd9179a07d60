package io.microbs.ecommerce.checkout;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that must happen after an answer is decided (clear the cart, record a void), retried with
 * growing pauses until it succeeds; what still fails after every retry is logged as an error
 * naming the order, so nothing is lost silently.
 */
final class FollowUps {
  private static final Logger LOG = LoggerFactory.getLogger(FollowUps.class);

  private final CircuitBreaker retries;

  FollowUps(Vertx vertx) {
    // Used for its retries, not to trip: a follow-up that fails is tried again, never refused.
    this.retries = CircuitBreaker.create("checkout-follow-ups", vertx, new CircuitBreakerOptions()
            .setMaxRetries(12)
            .setMaxFailures(Integer.MAX_VALUE)
            .setTimeout(5_000)
            .setNotificationAddress(null))
        .retryPolicy(RetryPolicy.exponentialDelayWithJitter(100, 10_000));
  }

  /** Runs {@code work} until it succeeds or the retries run out. */
  <T> Future<T> retry(String what, Supplier<Future<T>> work) {
    return retries.<T>execute(work)
        .onFailure(failure -> LOG.error("gave up: " + what, failure));
  }
}
