package io.microbs.ecommerce.payment.api;

import io.microbs.ecommerce.platform.bus.Endpoint;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The payment processor as checkout calls it, over the event bus: {@link #CHARGE}, {@link #VOID} and
 * {@link #CHARGE_STATUS}, the endpoints payment's router answers.
 */
public final class PaymentClient {
  public static final Endpoint CHARGE = Endpoint.post("/process");
  public static final Endpoint VOID = Endpoint.post("/void");
  public static final Endpoint CHARGE_STATUS = Endpoint.get("/charges/:transactionId");

  private final ServiceClient client;
  /** Charges stop at once, answered unavailable, while payment keeps failing to answer: no requests pile up waiting. */
  private final CircuitBreaker breaker;

  public PaymentClient(Vertx vertx, Duration timeout) {
    this.client = new ServiceClient(vertx, timeout);
    this.breaker = CircuitBreaker.create("payment", vertx, new CircuitBreakerOptions()
        .setMaxFailures(10)
        .setResetTimeout(5_000)
        .setNotificationAddress(null));
  }

  /**
   * Charges {@code card} (the shopper's, passed as given) {@code amount} under {@code transactionId}. The future
   * always succeeds: with what payment answered, or with {@link ChargeOutcome.Unknown} when it did not answer in time
   * or failed on its side, and {@link ChargeOutcome.Unavailable} when it could not be asked.
   */
  public Future<ChargeOutcome> charge(String transactionId, BigDecimal amount, Object card) {
    JsonObject request = new JsonObject()
        .put("amount", amount.doubleValue())
        .put("card", card)
        .put("transaction_id", transactionId);
    return breaker.<ServiceResponse>execute(() -> client.request(Service.PAYMENT, CHARGE, request.toBuffer()))
        .transform(answered -> Future.succeededFuture(answered.succeeded() ? outcome(answered.result()) : notAnswered(answered.cause())));
  }

  private static ChargeOutcome outcome(ServiceResponse answer) {
    if (answer.isSuccess()) {
      return new ChargeOutcome.Charged();
    }
    if (answer.status() >= 500) {
      return new ChargeOutcome.Unknown(
          new ServiceException(answer.status(), answer.jsonObject().getString("error", "payment failed on its side")));
    }
    return answer.status() == 400 ? new ChargeOutcome.InvalidCard(answer) : new ChargeOutcome.Declined(answer);
  }

  /** A request that timed out may have been charged; one that found no payment to ask, or an open breaker, was not. */
  private static ChargeOutcome notAnswered(Throwable failure) {
    if (failure instanceof ServiceException known) {
      return known.status() == 504 ? new ChargeOutcome.Unknown(known) : new ChargeOutcome.Unavailable(known);
    }
    return failure instanceof OpenCircuitException
        ? new ChargeOutcome.Unavailable(new ServiceException(503, "payment is unavailable", failure))
        : new ChargeOutcome.Unknown(new ServiceException(504, "payment did not answer in time", failure));
  }

  /** Takes the charge of {@code transactionId} back. */
  public Future<Void> voidCharge(String transactionId) {
    return client.request(Service.PAYMENT, VOID, new JsonObject().put("transaction_id", transactionId).toBuffer())
        .map(response -> response.requireSuccess(Service.PAYMENT))
        .mapEmpty();
  }

  /** Where payment's record says {@code transactionId} stands. */
  public Future<ChargeStatus> status(String transactionId) {
    return client.request(Service.PAYMENT, CHARGE_STATUS, Buffer.buffer(), transactionId)
        .map(response -> ChargeStatus.valueOf(
            response.requireSuccess(Service.PAYMENT).jsonObject().getString("status", "").toUpperCase(Locale.ROOT)));
  }
}
