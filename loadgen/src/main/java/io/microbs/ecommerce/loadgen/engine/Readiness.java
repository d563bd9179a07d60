package io.microbs.ecommerce.loadgen.engine;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits until the storefront can serve a visit: the web gateway answers {@code GET /healthz} and a
 * catalogue search goes through it. Asked once a second, so a loadgen started with (or before) the
 * shop begins when the shop is up, instead of counting a burst of connection errors.
 */
public final class Readiness {
  private static final long RETRY_MILLIS = 1_000;
  private static final long REQUEST_TIMEOUT_MILLIS = 2_000;
  private static final Buffer ONE_PRODUCT = Buffer.buffer("{\"query\":\"\",\"page\":{\"size\":1}}");

  private final Vertx vertx;
  private final WebClient client;
  private final Target target;
  private final Promise<Void> ready = Promise.promise();
  private long deadline;
  private long retryTimer = -1;
  private int attempts;

  public Readiness(Vertx vertx, WebClient client, Target target) {
    this.vertx = vertx;
    this.client = client;
    this.target = target;
  }

  /**
   * Completes when the shop is ready; fails after {@code maxWait} (null: waits until {@link #cancel}).
   * {@code stillWaiting} hears why it is not ready yet, on the first failed try and every tenth after.
   */
  public Future<Void> await(Duration maxWait, Consumer<String> stillWaiting) {
    deadline = maxWait == null ? Long.MAX_VALUE : System.nanoTime() + maxWait.toNanos();
    attempt(maxWait, stillWaiting);
    return ready.future();
  }

  /** Stops waiting; the future fails. */
  public void cancel() {
    vertx.cancelTimer(retryTimer);
    ready.tryFail("stopped while waiting for " + target.url() + " to be ready");
  }

  private void attempt(Duration maxWait, Consumer<String> stillWaiting) {
    client.get(target.path("/healthz")).timeout(REQUEST_TIMEOUT_MILLIS).send()
        .compose(health -> expect200("GET /healthz", health))
        .compose(healthy -> client.post(target.path("/api/v1/product/search")).timeout(REQUEST_TIMEOUT_MILLIS)
            .putHeader("content-type", "application/json").sendBuffer(ONE_PRODUCT.slice()))
        .compose(search -> expect200("POST /api/v1/product/search", search))
        .onSuccess(ready::tryComplete)
        .onFailure(failure -> {
          if (ready.future().isComplete()) {
            return;
          }
          String reason = failure instanceof UnexpectedResponse ? failure.getMessage() : Visit.describe(failure);
          if (System.nanoTime() + RETRY_MILLIS * 1_000_000 > deadline) {
            ready.tryFail(target.url() + " is not ready after " + Durations.format(maxWait) + ": " + reason);
            return;
          }
          if (attempts++ % 10 == 0) {
            stillWaiting.accept(reason);
          }
          retryTimer = vertx.setTimer(RETRY_MILLIS, id -> attempt(maxWait, stillWaiting));
        });
  }

  private static Future<Void> expect200(String request, HttpResponse<Buffer> response) {
    return response.statusCode() == 200
        ? Future.succeededFuture()
        : Future.failedFuture(new UnexpectedResponse(request + " answered " + response.statusCode()));
  }
}
